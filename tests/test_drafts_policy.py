"""Drafts are the editors' work in progress: no reader, and no desk member, sees one, and
nothing public betrays that one exists (issue 16, defects 1 and 9)."""

from __future__ import annotations

import pytest

from notes.models import Note, Status
from tests.factories import make_article, make_note
from tests.timeline_factories import ClaimantFactory, EventFactory, evidence_for

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zetaunpublished"  # one word: it appears URL-encoded too


@pytest.fixture
def draft_with_claimant(editor):
    """An event quoting a sentence whose only note is a draft naming a new claimant."""
    article = make_article(4, slug="valley")
    sentence = article.sentences.filter(kind="body").first()
    make_note(sentence, editor=editor, status=Status.DRAFT, claimant=SECRET_NAME)
    evidence_for(EventFactory(title="Column heads north"), sentence)
    return sentence


def test_a_draft_notes_claimant_is_not_offered_in_the_public_timeline_filter(
    client, draft_with_claimant
):
    html = client.get("/timeline/").content.decode()
    assert "Column heads north" in html
    assert SECRET_NAME not in html


def test_claimant_filter_answers_alike_for_a_draft_only_name_and_an_unknown_one(
    client, draft_with_claimant
):
    draft_only = client.get("/timeline/", {"claimant": SECRET_NAME})
    unknown = client.get("/timeline/", {"claimant": "Nobodyatall"})
    assert draft_only.status_code == unknown.status_code == 400
    assert draft_only.content.decode().replace(SECRET_NAME, "NAME") == (
        unknown.content.decode().replace("Nobodyatall", "NAME")
    )
    as_json = client.get("/timeline.json", {"claimant": SECRET_NAME})
    assert as_json.status_code == client.get("/timeline.json", {"claimant": "Nobody"}).status_code


def test_a_published_notes_claimant_is_offered(client, draft_with_claimant, editor):
    note = Note.objects.get(sentence=draft_with_claimant)
    make_note(
        draft_with_claimant,
        editor=editor,
        status=Status.PUBLISHED,
        claimant=note.claimant,
        base_version=note.version,
    )
    assert SECRET_NAME in client.get("/timeline/").content.decode()
    assert client.get("/timeline/", {"claimant": SECRET_NAME}).status_code == 200


def test_editors_can_filter_by_a_claimant_of_their_drafts(editor_client, draft_with_claimant):
    assert editor_client.get("/timeline/", {"claimant": SECRET_NAME}).status_code == 200


def test_a_claimant_nobody_cites_is_not_offered(client, draft_with_claimant):
    ClaimantFactory(name="Listed But Never Cited")
    assert "Listed But Never Cited" not in client.get("/timeline/").content.decode()


def test_desk_members_see_no_draft_notes_on_the_reading_pages(desk_client, editor):
    article = make_article(3, slug="desk-view")
    sentence = article.sentences.filter(kind="body").first()
    make_note(sentence, editor=editor, status=Status.DRAFT, body="Work in progress, unchecked.")
    for path in (article.get_absolute_url(), sentence.get_absolute_url()):
        assert "Work in progress, unchecked." not in desk_client.get(path).content.decode()


def test_desk_members_see_no_draft_notes_in_the_admin(desk_client, editor):
    article = make_article(3, slug="desk-admin")
    first, second = article.sentences.filter(kind="body")[:2]
    make_note(first, editor=editor, status=Status.DRAFT)
    published = make_note(second, editor=editor, status=Status.PUBLISHED)
    listing = desk_client.get("/admin/notes/note/")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert list(listing.context["cl"].result_list) == [published]


def test_editors_still_see_their_drafts(editor_client, editor):
    article = make_article(3, slug="editor-view")
    sentence = article.sentences.filter(kind="body").first()
    make_note(sentence, editor=editor, status=Status.DRAFT, body="Work in progress, unchecked.")
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Work in progress, unchecked." in html
