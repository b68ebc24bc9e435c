"""The starter notes in fixtures/notes.json load published, through note_save, exactly once."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from articles.services import QuoteNotFound
from desk.starter import FIXTURES_DIR, StarterContentError, starter_content_load
from notes.models import Evidence, Note, NoteRevision, Status

pytestmark = pytest.mark.django_db

FIXTURE_NOTES = json.loads((FIXTURES_DIR / "notes.json").read_text(encoding="utf-8"))


@pytest.fixture
def loaded():
    return starter_content_load()


@pytest.fixture
def fixtures_copy(tmp_path):
    """A copy of fixtures/ to break on purpose."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, target)
    return target


def rewrite_notes(fixtures_dir, change) -> None:
    path = fixtures_dir / "notes.json"
    notes = json.loads(path.read_text(encoding="utf-8"))
    change(notes)
    path.write_text(json.dumps(notes, ensure_ascii=False), encoding="utf-8")


def test_the_real_fixture_loads_every_note_published(loaded):
    assert loaded.notes_stored == len(FIXTURE_NOTES) >= 40
    assert Note.objects.published().count() == Note.objects.count() == len(FIXTURE_NOTES)


def test_the_real_fixture_covers_all_five_articles(loaded):
    slugs = set(Note.objects.values_list("sentence__article__slug", flat=True))
    assert slugs == set(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 5


def test_every_starter_evidence_link_is_resolved_to_a_sentence(loaded):
    expected = sum(len(row.get("evidence", [])) for row in FIXTURE_NOTES)
    assert Evidence.objects.count() == expected > 0
    assert not Evidence.objects.filter(sentence__isnull=True).exists()


def test_each_starter_note_sits_on_the_sentence_holding_its_quote(loaded):
    for row in FIXTURE_NOTES:
        note = Note.objects.get(
            sentence__article__slug=row["article"], quote_exact__contains=row["quote"]
        )
        assert row["quote"] in note.sentence.text
        assert note.credibility == row["credibility"]
        assert note.claimant.name == row["claimant"]


def test_starter_notes_are_rendered_and_recorded_as_a_first_revision(loaded):
    assert not Note.objects.filter(body_html="").exclude(body="").exists()
    assert NoteRevision.objects.filter(version=1, status=Status.PUBLISHED).count() == len(
        FIXTURE_NOTES
    )
    assert not Note.objects.exclude(published_at__isnull=False).exists()


def test_loading_twice_adds_nothing(loaded):
    counts = (Note.objects.count(), Evidence.objects.count(), NoteRevision.objects.count())
    again = starter_content_load()
    assert (again.notes_stored, again.notes_skipped) == (0, len(FIXTURE_NOTES))
    assert (Note.objects.count(), Evidence.objects.count(), NoteRevision.objects.count()) == counts


def test_an_editors_note_is_never_overwritten_by_the_starter_load(loaded, editor):
    from tests.factories import make_note

    note = Note.objects.first()
    make_note(note.sentence, editor=editor, body="The desk's own revision.", base_version=1)
    starter_content_load()
    note.refresh_from_db()
    assert (note.body, note.version) == ("The desk's own revision.", 2)


def test_a_quote_that_cannot_be_found_stops_the_load_and_names_it(fixtures_copy):
    def break_quote(notes):
        notes[3]["quote"] = "a quote that is in no article"

    rewrite_notes(fixtures_copy, break_quote)
    with pytest.raises(QuoteNotFound) as error:
        starter_content_load(fixtures_dir=fixtures_copy)
    assert "notes.json, note 4" in str(error.value)
    assert "a quote that is in no article" in str(error.value)


def test_a_failed_load_leaves_nothing_behind(fixtures_copy):
    def break_evidence(notes):
        notes[-1]["evidence"] = [
            {"article": notes[-1]["article"], "quote": "nowhere at all", "relation": "contradicts"}
        ]

    rewrite_notes(fixtures_copy, break_evidence)
    with pytest.raises(QuoteNotFound, match="evidence 1"):
        starter_content_load(fixtures_dir=fixtures_copy)
    assert not Note.objects.exists()
    assert not Article.objects.exists()


def test_an_unknown_claimant_stops_the_load_and_names_it(fixtures_copy):
    def break_claimant(notes):
        notes[0]["claimant"] = "Nobody on the list"

    rewrite_notes(fixtures_copy, break_claimant)
    with pytest.raises(StarterContentError, match="'Nobody on the list' is not in claimants.json"):
        starter_content_load(fixtures_dir=fixtures_copy)
    assert not Note.objects.exists()


def test_two_starter_notes_on_one_sentence_are_refused(fixtures_copy):
    rewrite_notes(fixtures_copy, lambda notes: notes.append(dict(notes[0])))
    with pytest.raises(StarterContentError, match="a second note on the same sentence"):
        starter_content_load(fixtures_dir=fixtures_copy)


def test_the_command_reports_notes_and_is_safe_to_run_twice(capsys):
    call_command("load_starter_content")
    assert f"notes    {len(FIXTURE_NOTES)} stored" in capsys.readouterr().out
    call_command("load_starter_content")
    assert f"0 stored, {len(FIXTURE_NOTES)} already there" in capsys.readouterr().out


def test_the_command_turns_a_bad_fixture_into_a_clear_error(fixtures_copy):
    rewrite_notes(fixtures_copy, lambda notes: notes[0].update(quote="not in the text"))
    with pytest.raises(CommandError, match="nothing was changed.*not in the text"):
        call_command("load_starter_content", fixtures_dir=fixtures_copy)
    assert not Article.objects.exists()
