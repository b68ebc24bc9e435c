"""Load the five seed articles and the starter editorial content; safe to run twice."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.services import ArticleImportError, QuoteNotFound
from desk.starter import FIXTURES_DIR, StarterContentError, starter_content_load


class Command(BaseCommand):
    help = "Load the seed articles, outlets, claimants, notes and timeline events from fixtures/."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=FIXTURES_DIR,
            help="Where outlets.json, seeds/, notes.json, events.json live (default: fixtures/).",
        )

    def handle(self, *args, fixtures_dir: Path, **options) -> None:
        try:
            # Sources, notes and events together: a bad row anywhere stores nothing.
            report = starter_content_load(fixtures_dir=fixtures_dir)
        except (QuoteNotFound, StarterContentError, ArticleImportError) as error:
            raise CommandError(
                f"Starter content not loaded (nothing was changed): {error}"
            ) from error
        for slug in report.stored:
            self.stdout.write(f"stored   {slug}")
        for slug in report.skipped:
            self.stdout.write(f"skipped  {slug} (already stored)")
        self.stdout.write(
            f"notes    {report.notes_stored} stored, {report.notes_skipped} already there"
        )
        self.stdout.write(f"events   {len(report.events)} timeline events loaded (published)")
