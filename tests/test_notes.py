"""Saving reliability notes: one current note per sentence, every save a revision, no lost work."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from articles.models import Sentence
from articles.services import sentences_store
from notes.models import Claimant, Evidence, Note, NoteRevision, Status
from notes.services import EvidenceLink, NoteInvalid, StaleNote
from tests.factories import OutletFactory, UserFactory, make_article, make_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(6, outlet=OutletFactory(name="SouthFront", reliability="F"))


def sentence_at(article, position: int) -> Sentence:
    return article.sentences.get(position=position)


def test_first_save_creates_the_note_at_version_one_with_a_revision(article, editor):
    note = make_note(sentence_at(article, 2), editor=editor, credibility=4, body="Doubtful.")
    assert note.version == 1
    revision = note.revisions.get()
    assert (revision.version, revision.author, revision.credibility, revision.body) == (
        1,
        editor,
        4,
        "Doubtful.",
    )


def test_grade_reads_outlet_letter_then_credibility_digit(article, editor):
    note = make_note(sentence_at(article, 2), editor=editor, credibility=4)
    assert note.grade == "F4"


def test_every_save_records_the_whole_note_as_a_new_revision(article, editor):
    sentence = sentence_at(article, 2)
    other = sentence_at(article, 5)
    make_note(sentence, editor=editor, credibility=3, body="First.")
    note = make_note(
        sentence,
        editor=editor,
        credibility=5,
        body="Second.",
        claimant="Fahim Dashty",
        evidence=[EvidenceLink(other, "contradicts")],
        base_version=1,
    )
    assert note.version == 2
    first, second = NoteRevision.objects.filter(note=note).order_by("version")
    assert (first.body, first.credibility, first.evidence) == ("First.", 3, [])
    assert second.body == "Second." and second.claimant_name == "Fahim Dashty"
    assert second.evidence == [
        {
            "article": article.slug,
            "position": 5,
            "quote": other.text,
            "relation": "contradicts",
        }
    ]


def test_save_renders_markdown_once_and_keeps_the_source(article, editor):
    note = make_note(sentence_at(article, 2), editor=editor, body="*Only* the spokesman says so.")
    note.refresh_from_db()
    assert note.body == "*Only* the spokesman says so."
    assert note.body_html == "<p><em>Only</em> the spokesman says so.</p>\n"


def test_save_anchors_the_note_and_its_evidence_by_quote(article, editor):
    sentence, cited = sentence_at(article, 3), sentence_at(article, 4)
    note = make_note(sentence, editor=editor, evidence=[EvidenceLink(cited)])
    assert (note.quote_exact, note.quote_start, note.quote_end) == (
        sentence.text,
        sentence.start,
        sentence.end,
    )
    assert article.text[: sentence.start].endswith(note.quote_prefix)
    assert article.text[sentence.end :].startswith(note.quote_suffix)
    link = note.evidence.get()
    assert (link.anchor_article, link.quote_exact) == (article, cited.text)


def test_stale_save_is_refused_and_changes_nothing(article, editor):
    sentence = sentence_at(article, 2)
    make_note(sentence, editor=editor, body="Version one.")
    make_note(sentence, editor=editor, body="Version two.", base_version=1)
    with pytest.raises(StaleNote) as refused:
        make_note(sentence, editor=editor, body="Made from version one.", base_version=1)
    assert refused.value.current.version == 2
    note = Note.objects.get(sentence=sentence)
    assert (note.version, note.body) == (2, "Version two.")
    assert note.revisions.count() == 2


def test_creating_a_note_that_another_editor_just_created_is_refused(article, editor):
    sentence = sentence_at(article, 2)
    make_note(sentence, editor=UserFactory(), body="Theirs.")
    with pytest.raises(StaleNote):
        make_note(sentence, editor=editor, body="Mine.", base_version=0)
    assert Note.objects.get(sentence=sentence).body == "Theirs."


def test_a_stale_save_adds_no_claimant_either(article, editor):
    sentence = sentence_at(article, 2)
    make_note(sentence, editor=editor)
    make_note(sentence, editor=editor, base_version=1)
    with pytest.raises(StaleNote):
        make_note(sentence, editor=editor, claimant="A new spokesman", base_version=1)
    assert not Claimant.objects.filter(name="A new spokesman").exists()


def test_publishing_records_who_published_and_when(article, editor):
    sentence = sentence_at(article, 2)
    draft = make_note(sentence, editor=editor, status=Status.DRAFT)
    assert (draft.published_by, draft.published_at) == (None, None)
    publisher = UserFactory(username="desk-chief")
    published = make_note(sentence, editor=publisher, status=Status.PUBLISHED, base_version=1)
    assert published.published_by == publisher
    assert published.published_at is not None


def test_revising_a_published_note_keeps_its_first_publication(article, editor):
    sentence = sentence_at(article, 2)
    first = make_note(sentence, editor=editor, status=Status.PUBLISHED)
    later = make_note(
        sentence, editor=UserFactory(), status=Status.PUBLISHED, body="Fixed.", base_version=1
    )
    assert (later.published_by, later.published_at) == (editor, first.published_at)


def test_returning_a_note_to_draft_clears_its_publication(article, editor):
    sentence = sentence_at(article, 2)
    make_note(sentence, editor=editor, status=Status.PUBLISHED)
    note = make_note(sentence, editor=editor, status=Status.DRAFT, base_version=1)
    assert (note.published_by, note.published_at) == (None, None)


def test_a_new_claimant_name_joins_the_list_once(article, editor):
    make_note(sentence_at(article, 2), editor=editor, claimant="Zabihullah Mujahid")
    note = make_note(sentence_at(article, 3), editor=editor, claimant="zabihullah  mujahid")
    assert Claimant.objects.filter(name__iexact="Zabihullah Mujahid").count() == 1
    assert note.claimant.name == "Zabihullah Mujahid"


def test_evidence_is_replaced_on_each_save(article, editor):
    sentence = sentence_at(article, 2)
    make_note(sentence, editor=editor, evidence=[EvidenceLink(sentence_at(article, 3))])
    note = make_note(
        sentence,
        editor=editor,
        evidence=[EvidenceLink(sentence_at(article, 4), "contradicts")],
        base_version=1,
    )
    assert [(e.sentence.position, e.relation) for e in note.evidence.all()] == [(4, "contradicts")]


def test_a_sentence_cannot_be_its_own_evidence(article, editor):
    sentence = sentence_at(article, 2)
    with pytest.raises(NoteInvalid):
        make_note(sentence, editor=editor, evidence=[EvidenceLink(sentence)])
    assert not Note.objects.exists()


@pytest.mark.parametrize("bad", [{"credibility": 7}, {"status": "secret"}])
def test_out_of_range_values_are_refused(article, editor, bad):
    with pytest.raises(NoteInvalid):
        make_note(sentence_at(article, 2), editor=editor, **bad)
    assert not Note.objects.exists()


def test_deleting_the_sentence_keeps_the_note_and_its_history(article, editor):
    sentence = sentence_at(article, 2)
    note = make_note(sentence, editor=editor, body="Keep me.")
    sentence.delete()
    note.refresh_from_db()
    assert note.sentence is None
    assert (note.body, note.quote_exact) == ("Keep me.", sentence.text)
    assert note.revisions.count() == 1


def test_resegmenting_the_article_orphans_notes_and_evidence_but_keeps_them(article, editor):
    cited = sentence_at(article, 4)
    note = make_note(sentence_at(article, 2), editor=editor, evidence=[EvidenceLink(cited)])
    sentences_store(article=article)
    assert Note.objects.orphaned().get() == note
    link = Evidence.objects.get()
    assert (link.sentence, link.quote_exact) == (None, cited.text)


def test_saving_an_orphan_note_elsewhere_keeps_its_unmatched_evidence(article, editor):
    """Evidence whose sentence has gone is kept by quote when the note is saved again."""
    sentence = sentence_at(article, 2)
    cited = sentence_at(article, 4)
    make_note(sentence, editor=editor, evidence=[EvidenceLink(cited)])
    cited.delete()
    note = make_note(sentence, editor=editor, body="Again.", base_version=1)
    assert note.evidence.get().sentence is None
    assert note.revisions.get(version=2).evidence[0]["quote"] == cited.text


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the sequential stale tests cover it",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_one_version_let_exactly_one_through():
    """The version claim is a conditional UPDATE; PostgreSQL runs the saves truly in parallel."""
    editor = UserFactory(username="racer")
    article = make_article(3)
    sentence = article.sentences.get(position=2)
    make_note(sentence, editor=editor)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(body: str) -> None:
        try:
            barrier.wait()
            make_note(sentence, editor=editor, body=body, base_version=1)
            outcomes.append("saved")
        except StaleNote:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(body,)) for body in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    note = Note.objects.get(sentence=sentence)
    assert note.version == 2 and note.revisions.count() == 2
