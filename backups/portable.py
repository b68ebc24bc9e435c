"""A newsroom as portable JSON: Django's dumpdata/loaddata with natural keys.

Moves a newsroom between databases (SQLite to PostgreSQL). Users, groups and content types
travel by natural key, so they meet the rows `migrate` already made on the other side;
everything else keeps its primary key. Left out: content types and permissions (made by
`migrate`) and sessions (everyone signs in again). Page stamps travel, so pages keep their
ETags; the audit trail and the admin's history travel too.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from audit.models import Action
from audit.recording import audit_record, audit_suspended

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Records that say the newsroom holds something already: an import goes into an empty one.
CONTENT_MODELS = ["articles.Article", "articles.Outlet", "notes.Note", "timeline.Event"]


class ExportError(RuntimeError):
    """The export cannot be loaded here; nothing was changed."""


def newsroom_export(path: Path) -> None:
    """Write every record but the excluded ones to `path` as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    call_command(
        "dumpdata",
        *(f"--exclude={label}" for label in EXCLUDED),
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        output=str(path),
        verbosity=0,
    )


def _holds_content() -> list[str]:
    return [label for label in CONTENT_MODELS if apps.get_model(label).objects.exists()]


@transaction.atomic
def newsroom_import(path: Path) -> int:
    """Load an export into a migrated, empty newsroom; all of it or nothing."""
    if not path.is_file():
        raise ExportError(f"No export at {path}.")
    held = _holds_content()
    if held:
        raise ExportError(
            f"This database already holds records ({', '.join(held)}); import into a freshly "
            "migrated database, or restore a backup instead."
        )
    with audit_suspended():  # loading users' groups is not a role change
        call_command("loaddata", str(path), verbosity=0)
    records = len(json.loads(path.read_text()))
    audit_record(
        action=Action.NEWSROOM_IMPORT, summary=f"Loaded {records} records from {path.name}"
    )
    return records
