"""Corrections never move a note onto other words: each case built, every anchor accounted for.

Each test asserts where every note, evidence link and event evidence ended up.
"""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher

import pytest

from articles.models import Article, Sentence
from articles.services import (
    anchor_detach,
    article_text_correct,
    quote_anchor_for,
    sentence_merge,
    sentence_split,
)
from notes.models import Evidence, Note
from tests.factories import BESIEGED_TEXT as TEXT
from tests.factories import make_besieged_article, make_note
from timeline.models import Event, EventEvidence

pytestmark = pytest.mark.django_db

CLAIMS = "Claims from either side could not be verified."


@pytest.fixture
def article():
    return make_besieged_article()


def at(article: Article, starts: str) -> Sentence:
    return article.sentences.get(text__startswith=starts)


def note_on(target: Sentence) -> Note:
    """A published note on `target`, saved through note_save as an editor saves one."""
    return make_note(target)


def anchored(article: Article, target: Sentence, *, by: Note):
    """A note on `target`, another note citing it as evidence, and an event quoting it."""
    note = note_on(target)
    evidence = Evidence.objects.create(
        note=by, sentence=target, relation="contradicts", **quote_anchor_for(target)
    )
    event = Event.objects.create(
        slug=f"event-{target.pk}", date=dt.date(2021, 8, 23), title="Siege", status="published"
    )
    backing = EventEvidence.objects.create(event=event, sentence=target, **quote_anchor_for(target))
    return note, evidence, backing


def correct(article: Article, text: str):
    return article_text_correct(article=article, text=text, reason="Print copy", editor=None)


def fresh(*rows):
    for row in rows:
        row.refresh_from_db()
    return rows


def test_a_deleted_sentence_is_never_moved_onto_a_lookalike_the_correction_inserted(article):
    inserted = "Claims from both sides could not be verified."
    assert SequenceMatcher(None, CLAIMS, inserted).ratio() >= 0.8  # alike enough to fool a matcher
    citing = note_on(at(article, "Talks were expected"))
    note, evidence, backing = anchored(article, at(article, "Claims"), by=citing)
    text = TEXT.replace(" " + CLAIMS, "") + "\nAnother outlet: " + inserted + "\n"
    report = correct(article, text)
    note, evidence, backing, citing = fresh(note, evidence, backing, citing)
    for row in (note, evidence, backing):
        assert row.sentence is None and row.quote_exact == CLAIMS
        assert row.anchor_article == article and row.orphan_reason
    assert citing.sentence.text == "Talks were expected later in the week."
    assert {o.anchor.pk for o in report.orphaned if isinstance(o.anchor, Note)} == {note.pk}


def test_a_replaced_sentence_takes_its_notes_by_a_close_match_and_editors_see_the_move(
    article, editor_client
):
    citing = note_on(at(article, "Talks were expected"))
    old = at(article, "The Taliban said")
    note, evidence, backing = anchored(article, old, by=citing)
    correct(article, TEXT.replace("on Monday", "on Sunday"))
    note, evidence, backing = fresh(note, evidence, backing)
    for row in (note, evidence, backing):
        assert row.sentence.text.startswith("The Taliban said on Sunday")
        assert row.reanchored_from == old.text and row.reanchored_at is not None
    html = editor_client.get(note.sentence.get_absolute_url()).content.decode()
    assert "Re-anchored</strong> from “" + old.text in html


def test_the_desk_detaches_a_wrongly_moved_note_back_to_its_own_words(article, admin_client):
    old = at(article, "The Taliban said")
    note = note_on(old)
    correct(article, TEXT.replace("on Monday", "on Sunday"))
    note.refresh_from_db()
    response = admin_client.post(
        f"/admin/notes/note/{note.pk}/reattach/",
        {"action": "detach", "reason": "Monday matters: the new sentence says otherwise"},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.sentence is None and note.quote_exact == old.text and note.body == "A note."
    assert note.orphan_reason.startswith("detached by the desk: Monday matters")
    assert Note.objects.filter(pk=note.pk).exists()


def test_detaching_an_orphan_is_refused(article):
    note = note_on(at(article, "Claims"))
    correct(article, TEXT.replace(" " + CLAIMS, ""))
    note.refresh_from_db()
    with pytest.raises(ValueError, match="already orphaned"):
        anchor_detach(anchor=note, reason="why not")


def test_a_correction_that_splits_a_sentence_sends_its_notes_to_the_larger_part(article):
    citing = note_on(at(article, "Talks were expected"))
    note, evidence, backing = anchored(article, at(article, "The Taliban said"), by=citing)
    split = TEXT.replace(
        "The Taliban said on Monday that their fighters had surrounded the valley.",
        "The Taliban said on Monday. Their fighters had surrounded the valley, it added.",
    )
    correct(article, split)
    note, evidence, backing = fresh(note, evidence, backing)
    for row in (note, evidence, backing):
        assert row.sentence.text == "Their fighters had surrounded the valley, it added."


def test_a_correction_that_merges_two_sentences_keeps_both_notes(article, editor_client):
    resistance, claims = at(article, "Resistance forces"), at(article, "Claims")
    first, second = note_on(resistance), note_on(claims)
    cited = Evidence.objects.create(
        note=first, sentence=claims, relation="corroborates", **quote_anchor_for(claims)
    )
    merged_text = (
        "Resistance forces said they were holding strong, and claims from either side "
        "could not be verified."
    )
    report = correct(
        article,
        TEXT.replace(f"Resistance forces said they were holding strong. {CLAIMS}", merged_text),
    )
    first, second, cited = fresh(first, second, cited)
    merged = at(article, "Resistance forces")
    assert merged.text == merged_text
    assert first.sentence == merged  # one current
    assert second.sentence is None and "fold this one into it" in second.orphan_reason
    assert second.fold_into == merged.key
    assert cited.sentence == merged  # evidence links are not unique: it follows its words
    assert {o.anchor.pk for o in report.orphaned} == {second.pk}
    html = editor_client.get(merged.get_absolute_url()).content.decode()
    assert "Notes to fold in" in html and CLAIMS in html


def test_a_desk_merge_keeps_the_second_note_listed_for_folding_in(article, editor_client):
    resistance, claims = at(article, "Resistance forces"), at(article, "Claims")
    first, second = note_on(resistance), note_on(claims)
    merged = sentence_merge(sentence=resistance)
    first, second = fresh(first, second)
    assert first.sentence == merged
    assert second.sentence is None and second.quote_exact == CLAIMS
    assert "fold this one into it" in second.orphan_reason and second.fold_into == merged.key
    html = editor_client.get(merged.get_absolute_url()).content.decode()
    assert "Notes to fold in" in html and CLAIMS in html


def test_a_desk_split_keeps_notes_and_links_with_the_part_holding_most_of_the_quote(article):
    citing = note_on(at(article, "Talks were expected"))
    whole = at(article, "The Taliban said")
    note, evidence, backing = anchored(article, whole, by=citing)
    left, right = sentence_split(sentence=whole, at=whole.text.index("that their"))
    note, evidence, backing = fresh(note, evidence, backing)
    for row in (note, evidence, backing):
        assert row.sentence == right and row.reanchored_from == whole.text
