"""Report the editorial checks' findings, one line each with a link; exit 1 on any."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from editorial.checks import editorial_findings


class Command(BaseCommand):
    help = (
        "Check published notes and events against the editorial standards (independence, "
        "circular support, one-sided contradictions, unresolved dates, unattributed claims, "
        "event dates). Prints one line per finding; exits with status 1 if there are any."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site",
            default="",
            help="Prefix for the links, e.g. https://reading-room.example.org (default: paths).",
        )

    def handle(self, *args, site: str, **options) -> None:
        total = 0
        for check, findings in editorial_findings():
            for finding in findings:
                self.stdout.write(
                    f"{check.slug}: {finding.message} {site.rstrip('/')}{finding.url}"
                )
            total += len(findings)
        if total:
            self.stderr.write(f"{total} finding{'s' if total != 1 else ''}.")
            sys.exit(1)
        self.stdout.write("editorial_check: nothing to report.")
