"""manage.py backup [PATH]: a consistent copy of the database while the servers run."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from backups.archive import BackupError, database_backup, default_path, media_path


class Command(BaseCommand):
    help = (
        "Back up the database: SQLite through its online backup API, PostgreSQL through "
        "pg_dump (custom format); uploaded originals beside it as a .media.tar.gz."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="where to write it (default: DJANGO_BACKUP_DIR or backups/, dated)",
        )

    def handle(self, *args, path: str | None, **options) -> None:
        directory = Path(os.environ.get("DJANGO_BACKUP_DIR", settings.BASE_DIR / "backups"))
        target = Path(path) if path else default_path(directory, connection.vendor)
        try:
            written = database_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the {connection.vendor} database to {written}")
        if media_path(written).exists():
            self.stdout.write(f"and the uploaded originals to {media_path(written)}")
