"""Moving notes and stamps to their own apps keeps every row and every permission."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from notes.models import Claimant, Evidence, Note, NoteRevision
from pagecache.models import ContentStamp

BEFORE_THE_MOVE = [
    ("notes", None),
    ("pagecache", None),
    ("articles", "0005_article_reading_order"),
]


# What the old models are read through: the state just before the move.
OLD_STATE = [
    ("articles", "0005_article_reading_order"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(OLD_STATE).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_notes_and_stamps_move_out_of_articles_with_their_data_and_permissions():
    old = _migrate(BEFORE_THE_MOVE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    User = old.get_model("auth", "User")
    outlet = old.get_model("articles", "Outlet").objects.create(name="Wire", slug="wire")
    article = old.get_model("articles", "Article").objects.create(
        slug="a", headline="A", outlet=outlet, text="One. Two.", sha256="0" * 64
    )
    Sentence = old.get_model("articles", "Sentence")
    one = Sentence.objects.create(article=article, position=1, start=0, end=4, text="One.")
    two = Sentence.objects.create(article=article, position=2, start=5, end=9, text="Two.")
    claimant = old.get_model("articles", "Claimant").objects.create(name="An aide")
    note = old.get_model("articles", "Note").objects.create(
        sentence=one,
        anchor_article=article,
        quote_exact="One.",
        credibility=2,
        claimant=claimant,
        body="Why.",
        body_html="<p>Why.</p>",
        status="published",
    )
    old.get_model("articles", "Evidence").objects.create(
        note=note,
        sentence=two,
        anchor_article=article,
        quote_exact="Two.",
        relation="contradicts",
    )
    old.get_model("articles", "NoteRevision").objects.create(
        note=note, version=1, credibility=2, body="Why.", status="published"
    )
    old.get_model("articles", "ContentStamp").objects.create(
        key="article:a", token="t0", changed_at=timezone.now()
    )
    note_type, _ = ContentType.objects.get_or_create(app_label="articles", model="note")
    change_note, _ = Permission.objects.get_or_create(
        content_type=note_type, codename="change_note", defaults={"name": "Can change note"}
    )
    group = Group.objects.create(name="Fact-checkers")
    group.permissions.add(change_note)
    user = User.objects.create(username="checker")
    user.groups.add(group)

    _migrate(_latest())

    moved = Note.objects.select_related("claimant", "sentence").get()
    assert (moved.sentence.text, moved.claimant.name, moved.credibility) == ("One.", "An aide", 2)
    assert moved.body_html == "<p>Why.</p>"
    assert Evidence.objects.get().relation == "contradicts"
    assert NoteRevision.objects.get().note_id == moved.pk
    assert Claimant.objects.count() == 1
    assert ContentStamp.objects.get(key="article:a").token == "t0"
    # The permission moved with its content type, so the group still grants it.
    assert get_user_model().objects.get(username="checker").has_perm("notes.change_note")
