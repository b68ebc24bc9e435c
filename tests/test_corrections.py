"""Correcting a stored text or its sentences never costs an editor's note."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.models import Article, ArticleRevision, Sentence
from articles.services import (
    ArticleImportError,
    DuplicateArticle,
    SentenceEditError,
    anchor_reattach,
    article_text_correct,
    quote_anchor_for,
    sentence_merge,
    sentence_split,
)
from notes.models import Evidence, Note
from tests.factories import BESIEGED_TEXT as TEXT
from tests.factories import make_article, make_besieged_article, make_note
from tests.tiling import assert_sentences_tile
from timeline.models import Event, EventEvidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_besieged_article()


def sentence(article: Article, starts: str) -> Sentence:
    return article.sentences.get(text__startswith=starts)


def note_on(target: Sentence, **fields) -> Note:
    return make_note(target, **{"credibility": 3, "body": "A note.", **fields})


def correct(article: Article, text: str, editor=None, reason: str = "Fixed from the print copy"):
    return article_text_correct(article=article, text=text, reason=reason, editor=editor)


def test_correction_keeps_the_old_text_as_a_dated_revision_with_reason_and_editor(article, editor):
    report = correct(article, TEXT.replace("Monday", "Sunday"), editor=editor)
    revision = ArticleRevision.objects.get(article=article)
    assert revision.text == TEXT and revision.number == 1
    assert revision.reason == "Fixed from the print copy" and revision.editor == editor
    assert revision.replaced_at is not None and revision.sha256 == article.sha256
    article.refresh_from_db()
    assert article.revision == 2 and "Sunday" in article.text
    assert report.revision == revision


def test_correction_resegments_and_keeps_tiling(article):
    correct(article, TEXT.replace("Talks were expected", "Talks were expected, aides said,"))
    assert_sentences_tile(article)
    assert article.sentences.filter(text__contains="aides said").exists()


def test_note_on_an_unchanged_sentence_is_reanchored_exactly(article):
    note = note_on(sentence(article, "Resistance forces"))
    report = correct(article, "A new first line.\n\n" + TEXT)
    note.refresh_from_db()
    assert note.sentence.text == "Resistance forces said they were holding strong."
    assert note.quote_start == article.text.index("Resistance forces") + len(
        "A new first line.\n\n"
    )
    assert [o.anchor.pk for o in report.exact] == [note.pk]


def test_note_on_a_slightly_changed_sentence_follows_it_by_a_fuzzy_match(article):
    note = note_on(sentence(article, "The Taliban said"))
    report = correct(article, TEXT.replace("on Monday", "on Sunday"))
    note.refresh_from_db()
    assert note.sentence.text.startswith("The Taliban said on Sunday")
    assert note.quote_exact == note.sentence.text  # the quote now reads as the text does
    assert report.fuzzy[0].anchor.pk == note.pk and 0.8 <= report.fuzzy[0].score < 1


def test_note_whose_sentence_is_gone_is_kept_orphaned_with_its_old_quote(article):
    note = note_on(sentence(article, "Claims from either side"), status="published")
    report = correct(article, TEXT.replace(" Claims from either side could not be verified.", ""))
    note.refresh_from_db()
    assert note.sentence is None
    assert note.quote_exact == "Claims from either side could not be verified."
    assert note.anchor_article == article and note.body == "A note."
    assert [o.anchor.pk for o in report.orphaned] == [note.pk]
    assert Note.objects.orphaned().count() == 1


def test_two_notes_landing_on_one_sentence_keep_the_better_match_and_orphan_the_other(article):
    exact_note = note_on(sentence(article, "Resistance forces"))
    other = note_on(sentence(article, "Claims from either side"))
    # The correction makes the second sentence's text vanish into nothing like it.
    corrected = TEXT.replace("Claims from either side could not be verified.", "Unverified.")
    correct(article, corrected)
    exact_note.refresh_from_db()
    other.refresh_from_db()
    assert exact_note.sentence.text.startswith("Resistance forces")
    assert other.sentence is None


def test_conflict_between_two_notes_for_the_same_new_sentence_is_reported(article):
    first = note_on(sentence(article, "Resistance forces"))
    second = note_on(sentence(article, "Claims from either side"))
    # An earlier editor pinned both notes by the same words; only one sentence has them.
    second.quote_exact = first.quote_exact
    second.save()
    report = correct(article, TEXT.replace(" Claims from either side could not be verified.", ""))
    assert {o.anchor.pk for o in report.orphaned} == {second.pk}
    assert "already has one" in report.orphaned[0].reason
    first.refresh_from_db()
    assert first.sentence.text.startswith("Resistance forces")


def test_evidence_and_event_evidence_follow_their_sentences_too(article):
    note = note_on(sentence(article, "Talks were expected"))
    cited = sentence(article, "Resistance forces")
    evidence = Evidence.objects.create(
        note=note, sentence=cited, relation="corroborates", **quote_anchor_for(cited)
    )
    event = Event.objects.create(slug="siege", date=dt.date(2021, 8, 23), title="Siege claimed")
    backing = sentence(article, "The Taliban said")
    event_evidence = EventEvidence.objects.create(
        event=event, sentence=backing, **quote_anchor_for(backing)
    )
    correct(article, "Correction prefix line.\n\n" + TEXT)
    evidence.refresh_from_db()
    event_evidence.refresh_from_db()
    assert evidence.sentence.text == cited.text
    assert event_evidence.sentence.text == backing.text


def test_previously_orphaned_note_is_reattached_when_its_text_returns(article):
    note = note_on(sentence(article, "Claims from either side"))
    correct(article, TEXT.replace(" Claims from either side could not be verified.", ""))
    correct(article, TEXT, reason="Restored the dropped sentence")
    note.refresh_from_db()
    assert note.sentence.text == "Claims from either side could not be verified."


def test_correction_keeps_kinds_the_desk_set_on_unchanged_sentences(article):
    chrome = sentence(article, "Talks were expected")
    chrome.kind = "caption"
    chrome.save()
    correct(article, TEXT.replace("Monday", "Sunday"))
    assert sentence(article, "Talks were expected").kind == "caption"


def test_correction_deletes_no_note_evidence_or_revision(article):
    for starts in ("The Taliban said", "Resistance forces", "Claims from", "Talks were"):
        note_on(sentence(article, starts))
    correct(article, "Completely different words now.\n")
    assert Note.objects.count() == 4
    assert Note.objects.orphaned().count() == 4


@pytest.mark.parametrize(
    ("text", "reason", "field", "message"),
    [
        (TEXT, "why", "text", "unchanged"),
        ("   \n", "why", "text", "empty"),
        (TEXT + "x", "  ", "reason", "Say why"),
    ],
)
def test_correction_refuses_bad_input_and_changes_nothing(article, text, reason, field, message):
    with pytest.raises(ArticleImportError, match=message) as raised:
        correct(article, text, reason=reason)
    assert raised.value.field == field
    article.refresh_from_db()
    assert article.text == TEXT and article.revision == 1
    assert not ArticleRevision.objects.exists()


def test_correction_to_another_articles_text_is_refused_as_duplicate(article):
    other = make_article(3, headline="Another one")
    with pytest.raises(DuplicateArticle):
        correct(article, other.text)


def test_crlf_in_a_correction_is_normalised_like_an_import(article):
    correct(article, TEXT.replace("Monday", "Sunday").replace("\n", "\r\n"))
    article.refresh_from_db()
    assert "\r" not in article.text


# --- Sentence corrections ------------------------------------------------------------------


def test_merge_joins_two_neighbours_and_renumbers_the_rest(article):
    first = sentence(article, "Resistance forces")
    count = article.sentences.count()
    merged = sentence_merge(sentence=first)
    assert merged.text == (
        "Resistance forces said they were holding strong. "
        "Claims from either side could not be verified."
    )
    assert article.sentences.count() == count - 1
    assert_sentences_tile(article)


def test_merge_moves_the_second_note_to_the_merged_sentence_when_it_has_none(article):
    note = note_on(sentence(article, "Claims from either side"))
    merged = sentence_merge(sentence=sentence(article, "Resistance forces"))
    note.refresh_from_db()
    assert note.sentence == merged and note.quote_exact == merged.text


def test_merge_keeps_the_second_note_orphaned_when_the_first_has_one(article):
    kept = note_on(sentence(article, "Resistance forces"))
    second = note_on(sentence(article, "Claims from either side"))
    merged = sentence_merge(sentence=sentence(article, "Resistance forces"))
    kept.refresh_from_db()
    second.refresh_from_db()
    assert kept.sentence == merged
    assert second.sentence is None
    assert second.quote_exact == "Claims from either side could not be verified."


def test_merge_of_the_last_sentence_is_refused(article):
    last = article.sentences.order_by("-position").first()
    with pytest.raises(SentenceEditError, match="last sentence"):
        sentence_merge(sentence=last)


def test_split_makes_two_sentences_that_tile_the_text(article):
    whole = sentence(article, "Resistance forces")
    at = whole.text.index("they were")
    left, right = sentence_split(sentence=whole, at=at)
    assert left.text == "Resistance forces said"
    assert right.text == "they were holding strong."
    assert right.position == left.position + 1
    assert_sentences_tile(article)


def test_split_keeps_the_note_with_the_part_holding_most_of_its_quote(article):
    whole = sentence(article, "The Taliban said")
    note = note_on(whole)
    left, right = sentence_split(sentence=whole, at=whole.text.index("that their"))
    note.refresh_from_db()
    assert len(right.text) > len(left.text)
    assert note.sentence == right and note.quote_exact == right.text


def test_split_at_an_end_or_in_whitespace_only_is_refused(article):
    whole = sentence(article, "Resistance forces")
    for at in (0, len(whole.text)):
        with pytest.raises(SentenceEditError):
            sentence_split(sentence=whole, at=at)
    assert_sentences_tile(article)


def test_merge_then_split_round_trips_the_tiling_on_a_long_article():
    long = make_article(200)
    middle = long.sentences.get(position=100)
    merged = sentence_merge(sentence=middle)
    sentence_split(sentence=merged, at=merged.text.index("Sentence number 100"))
    assert_sentences_tile(long)
    assert long.sentences.count() == 201


def test_an_orphan_is_reattached_by_hand_with_a_fresh_quote(article):
    note = note_on(sentence(article, "Claims from either side"))
    correct(article, TEXT.replace(" Claims from either side could not be verified.", ""))
    target = sentence(article, "Talks were expected")
    anchor_reattach(anchor=Note.objects.get(pk=note.pk), sentence=target)
    note.refresh_from_db()
    assert note.sentence == target and note.quote_exact == target.text


def test_reattaching_to_a_sentence_that_has_a_note_is_refused(article):
    taken = sentence(article, "Talks were expected")
    note_on(taken)
    orphan = note_on(sentence(article, "Claims from either side"))
    with pytest.raises(SentenceEditError, match="already has a note"):
        anchor_reattach(anchor=orphan, sentence=taken)


def test_reattaching_to_another_articles_sentence_is_refused(article):
    orphan = note_on(sentence(article, "Claims from either side"))
    elsewhere = make_article(2, headline="Elsewhere").sentences.first()
    with pytest.raises(SentenceEditError, match="article the quote came from"):
        anchor_reattach(anchor=orphan, sentence=elsewhere)


def test_a_failure_midway_through_a_correction_leaves_the_old_text_and_notes(article, monkeypatch):
    note = note_on(sentence(article, "Resistance forces"))
    old_sentence_id = note.sentence_id

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Note.objects, "bulk_update", fail)
    with pytest.raises(RuntimeError):
        correct(article, "A new first line.\n\n" + TEXT)
    article.refresh_from_db()
    note.refresh_from_db()
    assert article.text == TEXT and article.revision == 1
    assert not ArticleRevision.objects.exists()
    assert note.sentence_id == old_sentence_id


def test_note_on_a_replaced_sentence_is_orphaned_not_moved_to_a_lookalike_neighbour():
    formulaic = make_article(5)
    third = formulaic.sentences.get(text__startswith="Sentence number 3 ")
    note = note_on(third)
    report = correct(formulaic, formulaic.text.replace(third.text, "Completely different."))
    note.refresh_from_db()
    assert note.sentence is None
    assert [o.anchor.pk for o in report.orphaned] == [note.pk]


def test_public_source_page_lists_corrections_with_date_and_reason(article, client):
    correct(article, TEXT.replace("Monday", "Sunday"), reason="Day misprinted in the capture")
    html = client.get(article.get_source_url()).content.decode()
    assert "Revision 1 replaced on" in html and "Day misprinted in the capture" in html
