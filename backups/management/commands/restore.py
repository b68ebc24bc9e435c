"""manage.py restore PATH: put a backup back (the database's current contents are replaced)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.models import Action, AuditEntry
from audit.recording import audit_record
from backups.archive import BackupError, database_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, replacing what the database holds."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask first"
        )

    def handle(self, *args, path: str, interactive: bool, **options) -> None:
        source = Path(path)
        if interactive:
            answer = input(
                f"Replace everything in the {connection.vendor} database "
                f"“{connection.settings_dict['NAME']}” with {source}? Type 'yes': "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            database_restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the {connection.vendor} database from {source}")
        if AuditEntry._meta.db_table in connection.introspection.table_names():
            audit_record(action=Action.NEWSROOM_RESTORE, summary=f"Restored from {source.name}")
        else:  # a backup from before the audit trail: its schema is older than the code
            self.stdout.write("The backup predates this release: run `manage.py migrate` now.")
