"""The note form's evidence picker and suggestions, through the search index."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db import connection

from articles.services import article_import
from desk.starter import starter_content_load
from notes import evidence_search
from notes.services import EvidenceLink
from search.evaluation import suggestion_score
from tests.factories import OutletFactory, make_note
from timeline.services import event_create_from_sentence, event_evidence_add

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# What suggest_eval reaches on the starter content, less a little, so a change in ranking
# that loses links fails here.
SUGGESTION_FLOOR = 0.55  # measured: 25 of 41 links (61 %) on SQLite, 24 (59 %) on PostgreSQL


def store(text: str, *, outlet=None, wire: str = "", headline: str = "A report"):
    return article_import(
        text=f"{headline}\n\n{text}",
        outlet=outlet or OutletFactory(),
        headline=headline,
        wire=wire,
    )


def test_evidence_picker_finds_other_spellings_through_the_index(editor_client):
    annotated = store("The front's statement came late.")
    other = store("Ahmad Massoud spoke on Sunday.", headline="Other")
    sentence = annotated.sentences.get(text__contains="statement")
    response = editor_client.get(sentence.get_note_url() + "?q=masoud", **HTMX)
    found = {
        int(v) for v in re.findall(r'name="evidence" value="(\d+)"', response.content.decode())
    }
    assert found == {other.sentences.get(text__contains="Massoud").pk}


def test_similar_sentences_of_other_articles_are_suggested_with_their_similarity(editor_client):
    annotated = store("Taliban fighters surrounded the Panjshir valley on Monday.")
    alike = store(
        "On Monday Taliban fighters were said to surround the Panjshir valley.", headline="B"
    )
    store("Bread prices rose in the capital.", headline="C")
    sentence = annotated.sentences.get(text__contains="surrounded")
    suggestions = evidence_search.suggest(sentence=sentence)
    assert suggestions[0].sentence == alike.sentences.get(text__contains="surround")
    assert 0 < suggestions[0].percent <= 100
    assert all(s.sentence.article_id != annotated.pk for s in suggestions)
    html = editor_client.get(sentence.get_note_url()).content.decode()
    assert "Sentences of other articles most like this one" in html
    assert f"{suggestions[0].percent}% similar" in html


def test_a_suggestion_from_the_same_outlet_or_wire_is_marked_not_independent():
    outlet = OutletFactory(name="Valley Herald", slug="valley-herald")
    annotated = store("Taliban fighters surrounded the valley.", outlet=outlet, wire="AFP")
    store("Taliban fighters surrounded the valley, AFP said.", outlet=outlet, headline="B")
    store("Taliban fighters surrounded the valley again.", wire="afp", headline="C")
    store("Taliban fighters surrounded the valley once more.", headline="D")
    suggestions = evidence_search.suggest(sentence=annotated.sentences.get(kind="body"))
    reasons = {s.sentence.article.headline: s.not_independent for s in suggestions}
    assert reasons["B"] == ["same outlet (Valley Herald)"]
    assert reasons["C"] == ["same wire agency (afp)"]
    assert reasons["D"] == []


def test_a_sentence_whose_note_already_cites_this_one_is_suggested_though_unlike():
    annotated = store("Supplies ran short in Paryan.")
    unlike = store("Elders met the governor.", headline="B")
    elders = unlike.sentences.get(kind="body")
    make_note(
        elders,
        evidence=[evidence_search_link(annotated.sentences.get(kind="body"))],
    )
    store("Supplies ran short in Paryan, residents said.", headline="C")
    suggestions = evidence_search.suggest(sentence=annotated.sentences.get(kind="body"))
    tied = next(s for s in suggestions if s.sentence == elders)
    assert tied.linked == ["its note cites this sentence"]
    assert tied.percent == 0


def test_a_sentence_backing_the_same_timeline_event_is_suggested_though_unlike():
    annotated = store("Supplies ran short in Paryan.").sentences.get(kind="body")
    elders = store("Elders met the governor.", headline="B").sentences.get(kind="body")
    other = store("Elders met the governor again.", headline="C").sentences.get(kind="body")
    store("Supplies ran short in Paryan, residents said.", headline="D")
    event = event_create_from_sentence(
        sentence=annotated, editor=None, role="reports", title="Paryan runs short",
        date=dt.date(2021, 9, 1),
    )  # fmt: skip
    event_evidence_add(event=event, sentence=elders, role="reports")
    suggestions = evidence_search.suggest(sentence=annotated)
    tied = next(s for s in suggestions if s.sentence == elders)
    assert tied.linked == ["backs the same timeline event"]
    assert tied.percent == 0
    assert other not in [s.sentence for s in suggestions]


def evidence_search_link(sentence) -> EvidenceLink:
    return EvidenceLink(sentence=sentence, relation="corroborates")


def test_suggestions_hold_most_of_the_starter_notes_links():
    """Of the starter notes' corroborating and contradicting links to other articles, the
    linked sentence is among the top five suggestions in at least the measured share."""
    starter_content_load()
    score = suggestion_score()
    assert score.total >= 35
    assert score.share >= SUGGESTION_FLOOR


def test_suggest_eval_prints_the_share(capsys):
    starter_content_load()
    call_command("suggest_eval")
    assert re.search(
        r"\d+ of \d+ links \(\d+%\) are among the top 5 suggestions", capsys.readouterr().out
    )


def test_a_word_in_very_many_sentences_does_not_crowd_out_a_rare_one(monkeypatch):
    """Only telling words pick the candidates: the latest sentences that merely share a
    common word would otherwise fill the ranked pool. On PostgreSQL how common a word is comes
    from ANALYZE's statistics, so it is run here as autovacuum would."""
    monkeypatch.setattr("search.similar.COMMON_DF", 3)
    monkeypatch.setattr("search.similar.RANKED", 3)
    rare = store("Elders of Qalatak met the governor.", headline="Elders")
    for n in range(6):
        store(f"Taliban units moved north in convoy {n}.", headline=f"Units {n}")
    annotated = store("Taliban fighters reached Qalatak at dawn.", headline="Fighters")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_sentence")
    sentence = annotated.sentences.get(text__contains="Qalatak")
    suggested = [s.sentence for s in evidence_search.suggest(sentence=sentence)]
    assert rare.sentences.get(text__contains="Qalatak") in suggested
