"""manage.py export_newsroom PATH: the newsroom as portable JSON (to move it elsewhere)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from backups.portable import EXCLUDED, newsroom_export


class Command(BaseCommand):
    help = (
        "Write every record as JSON with natural keys, for import_newsroom on another "
        f"database (left out: {', '.join(EXCLUDED)})."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        newsroom_export(Path(path))
        self.stdout.write(f"Exported the newsroom to {path}")
