"""manage.py import_newsroom PATH: load an export into a freshly migrated database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.portable import ExportError, newsroom_import


class Command(BaseCommand):
    help = "Load a newsroom exported by export_newsroom into this (migrated, empty) database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        try:
            records = newsroom_import(Path(path))
        except ExportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Imported {records} records from {path}")
