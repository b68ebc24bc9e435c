"""Backups that restore, and an export that moves a newsroom from SQLite to PostgreSQL.

Each compares every record before and after, model by model, through Django's serializer.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import urllib.parse

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.models import Article
from articles.services import article_text_correct
from audit.models import Action, AuditEntry
from notes.models import Note
from tests.conftest import IN_CI, REPO
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# What the issue names: every one of these must hold records before anything is compared.
MUST_HOLD = [
    "articles.Article",
    "articles.ArticleRevision",
    "articles.Sentence",
    "notes.Note",
    "notes.NoteRevision",
    "notes.Evidence",
    "notes.Claimant",
    "articles.Outlet",
    "timeline.Event",
    "timeline.EventEvidence",
    "auth.User",
    "auth.Group",
    "audit.AuditEntry",
]


@pytest.fixture
def newsroom():
    """The starter newsroom, one corrected text, an editor in a group of their own."""
    call_command("load_starter_content", stdout=open(os.devnull, "w"))
    article = Article.objects.order_by("slug").first()
    article_text_correct(
        article=article, text=article.text + "\nA line the print edition had.\n",
        reason="The scrape missed the last line", editor=None,
    )  # fmt: skip
    editor = UserFactory(username="amina", is_staff=True)
    night_desk = Group.objects.create(name="Night desk")
    editor.groups.add(Group.objects.get(name="Editors"), night_desk)
    for label in MUST_HOLD:
        assert apps.get_model(label).objects.exists(), label


def snapshot() -> dict[str, list[dict]]:
    """Every record of every model, in primary-key order, with natural foreign keys."""
    return {
        model._meta.label: serializers.serialize(
            "python", model.objects.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in apps.get_models()
    }


def without_restores(records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    kept = dict(records)
    kept["audit.AuditEntry"] = [
        entry for entry in records["audit.AuditEntry"]
        if entry["fields"]["action"] != Action.NEWSROOM_RESTORE
    ]  # fmt: skip
    return kept


def test_a_backup_restores_every_record(newsroom, tmp_path):
    before = snapshot()
    backup = tmp_path / f"newsroom.{connection.vendor}"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    # A bad day: a note deleted, a text rewritten, an account and a group gone.
    Note.objects.order_by("pk").first().delete()
    article = Article.objects.order_by("slug").last()
    article_text_correct(article=article, text="Nothing left.\n", reason="Oops", editor=None)
    UserFactory(username="intruder")
    Group.objects.get(name="Night desk").delete()
    assert snapshot() != before

    call_command("restore", str(backup), "--no-input", stdout=open(os.devnull, "w"))

    after = snapshot()
    assert without_restores(after) == before
    restored = AuditEntry.objects.get(action=Action.NEWSROOM_RESTORE)
    assert restored.summary == f"Restored from {backup.name}"


def test_restore_refuses_a_file_that_is_no_backup(db, tmp_path):
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--no-input")


def test_a_backup_of_sqlite_is_consistent_while_another_connection_writes(tmp_path):
    """`manage.py backup` copies committed pages only: a write in flight is not half-copied."""
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")  # as every connection of the running site has it
    writer.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, text TEXT)")
    writer.execute("INSERT INTO article (text) VALUES ('committed')")
    writer.execute("BEGIN IMMEDIATE")  # a server's write, not yet committed
    writer.execute("INSERT INTO article (text) VALUES ('in flight')")
    try:
        _manage(f"sqlite:///{live}", "backup", str(copy))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert sqlite3.connect(copy).execute("SELECT text FROM article").fetchall() == [("committed",)]


def test_an_export_loads_only_into_an_empty_newsroom(newsroom, tmp_path):
    export = tmp_path / "newsroom.json"
    call_command("export_newsroom", str(export), stdout=open(os.devnull, "w"))
    with pytest.raises(CommandError, match="already holds records"):
        call_command("import_newsroom", str(export))


def _postgres_server() -> str:
    """A PostgreSQL server to move into (DJANGO_TEST_POSTGRES_URL, or the local one)."""
    url = os.environ.get("DJANGO_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {url} is needed for the move test: {error}")
        pytest.skip(f"no PostgreSQL at {url} to move into")
    return url


def _manage(database_url: str, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="newsroom.test_settings")
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


# JSON keeps times to the millisecond: a time of 12:00:00.000412 is written "12:00:00.000",
# loaded as 12:00:00 and written again as "12:00:00". The same instant; compared as such.
_WHOLE_SECOND = re.compile(r"(T\d{2}:\d{2}:\d{2})\.000(?=Z|[+-]\d{2}:)")


def _records(path) -> list[str]:
    return sorted(
        _WHOLE_SECOND.sub(r"\1", json.dumps(record, sort_keys=True))
        for record in json.loads(path.read_text())
    )


def test_a_sqlite_newsroom_moves_to_postgresql_through_the_export(newsroom, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the move starts from SQLite: it runs in the SQLite suite")
    server = _postgres_server()
    import psycopg
    from psycopg import sql

    name = f"rr_move_{secrets.token_hex(4)}"
    target = urllib.parse.urlsplit(server)._replace(path=f"/{name}").geturl()
    exported, back = tmp_path / "from-sqlite.json", tmp_path / "from-postgres.json"
    call_command("export_newsroom", str(exported), stdout=open(os.devnull, "w"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        _manage(target, "migrate", "--no-input", "-v0")
        said = _manage(target, "import_newsroom", str(exported))
        _manage(target, "export_newsroom", str(back))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))

    sqlite_records, postgres_records = _records(exported), _records(back)
    imported = [r for r in postgres_records if Action.NEWSROOM_IMPORT.value in r]
    assert len(imported) == 1 and f"from {exported.name}" in imported[0]
    assert [r for r in postgres_records if r not in imported] == sqlite_records
    assert f"Imported {len(sqlite_records)} records" in said
    models = {json.loads(r)["model"] for r in sqlite_records}
    assert {label.lower() for label in MUST_HOLD} <= models
