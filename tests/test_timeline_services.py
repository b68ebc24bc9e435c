"""Timeline writes: saving events, linking evidence by quote, loading the starter events."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from desk.starter import StarterEventsError, starter_content_load, starter_events_load
from notes.models import Status
from tests.factories import body_sentence, make_article
from tests.timeline_factories import EventFactory, evidence_for
from timeline.models import Event, EventEvidence
from timeline.services import (
    EvidenceAlreadyLinked,
    event_create_from_sentence,
    event_evidence_add,
    event_save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(5, headline="Fighting in the valley", slug="valley")


def test_event_save_renders_and_sanitises_the_summary(editor):
    event = event_save(
        event=Event(title="Talks fail", date=dt.date(2021, 9, 1), summary="**Both** <img src=x>"),
        editor=editor,
    )
    assert event.summary_html == "<p><strong>Both</strong> &lt;img src=x&gt;</p>\n"
    assert event.slug == "2021-09-01-talks-fail"


def test_event_save_stamps_who_published_and_when_once(editor, reader):
    event = event_save(
        event=Event(title="Talks fail", date=dt.date(2021, 9, 1), status=Status.PUBLISHED),
        editor=editor,
    )
    first = event.published_at
    assert event.published_by == editor and first is not None
    event.title = "Talks between the two sides fail"
    event_save(event=event, editor=reader)
    event.refresh_from_db()
    assert (event.published_by, event.published_at) == (editor, first)


def test_adding_evidence_anchors_the_sentence_by_its_quote(article):
    event = EventFactory()
    sentence = body_sentence(article, 2)
    evidence = event_evidence_add(event=event, sentence=sentence, role="claims")
    evidence.refresh_from_db()
    assert evidence.quote_exact == sentence.text
    assert evidence.anchor_article == article
    assert (evidence.quote_start, evidence.quote_end) == (sentence.start, sentence.end)
    assert article.text[: sentence.start].endswith(evidence.quote_prefix)


def test_adding_the_same_sentence_twice_is_refused(article):
    event = EventFactory()
    event_evidence_add(event=event, sentence=body_sentence(article, 1), role="reports")
    with pytest.raises(EvidenceAlreadyLinked):
        event_evidence_add(event=event, sentence=body_sentence(article, 1), role="claims")
    assert event.evidence.count() == 1


def test_new_evidence_goes_after_the_existing_evidence(article):
    event = EventFactory()
    evidence_for(event, body_sentence(article, 1), order=4)
    added = event_evidence_add(event=event, sentence=body_sentence(article, 2), role="reports")
    assert added.order == 5


def test_an_event_started_from_a_sentence_is_a_draft_backed_by_it(article, editor):
    event = event_create_from_sentence(
        sentence=body_sentence(article, 3),
        editor=editor,
        role="claims",
        title="Taliban say valley surrounded",
        date=dt.date(2021, 8, 23),
    )
    assert event.status == Status.DRAFT
    assert event.created_by == editor
    assert [(e.sentence, e.role) for e in event.evidence.all()] == [
        (body_sentence(article, 3), "claims")
    ]


def write_events(tmp_path, rows) -> None:
    (tmp_path / "events.json").write_text(json.dumps(rows), encoding="utf-8")


def row(**overrides) -> dict:
    base = {
        "slug": "fighters-move",
        "date": "2021-08-23",
        "end_date": None,
        "date_precision": "approximate",
        "title": "Fighters move near the valley",
        "summary": "As *reported*.",
        "place": "Panjshir",
        "evidence": [
            {"article": "valley", "quote": "Sentence number 2 reports", "role": "reports"},
            {"article": "valley", "quote": "number 4 reports that fighters", "role": "disputes"},
        ],
    }
    return {**base, **overrides}


def test_starter_events_are_loaded_published_and_anchored_by_quote(tmp_path, article):
    write_events(tmp_path, [row()])
    assert starter_events_load(fixtures_dir=tmp_path) == ["fighters-move"]
    event = Event.objects.get(slug="fighters-move")
    assert event.status == Status.PUBLISHED and event.published_at is not None
    assert event.summary_html == "<p>As <em>reported</em>.</p>\n"
    assert event.date_precision == "approximate"
    evidence = list(event.evidence.all())
    assert [(e.sentence, e.role) for e in evidence] == [
        (body_sentence(article, 2), "reports"),
        (body_sentence(article, 4), "disputes"),
    ]
    assert all(e.quote_exact == e.sentence.text for e in evidence)


def test_loading_starter_events_twice_updates_them_and_replaces_their_evidence(tmp_path, article):
    write_events(tmp_path, [row()])
    starter_events_load(fixtures_dir=tmp_path)
    write_events(tmp_path, [row(title="Fighters gather", evidence=row()["evidence"][:1])])
    starter_events_load(fixtures_dir=tmp_path)
    assert Event.objects.count() == 1
    assert Event.objects.get().title == "Fighters gather"
    assert EventEvidence.objects.count() == 1


def test_every_missing_quote_is_reported_and_nothing_is_stored(tmp_path, article):
    bad = row(
        evidence=[
            {"article": "valley", "quote": "words nobody wrote", "role": "reports"},
            {"article": "valley", "quote": "reports that fighters", "role": "claims"},
            {"article": "no-such-article", "quote": "anything", "role": "reports"},
        ]
    )
    write_events(tmp_path, [row(slug="fine-event"), bad | {"slug": "bad-event"}])
    with pytest.raises(StarterEventsError) as raised:
        starter_events_load(fixtures_dir=tmp_path)
    message = str(raised.value)
    assert "quote not found: 'words nobody wrote'" in message
    assert "occurs more than once: 'reports that fighters'" in message
    assert "no article with slug 'no-such-article'" in message
    assert Event.objects.count() == 0


def test_starter_events_with_bad_fields_are_refused(tmp_path, article):
    write_events(tmp_path, [row(date="23 August", date_precision="week", evidence=[])])
    with pytest.raises(StarterEventsError) as raised:
        starter_events_load(fixtures_dir=tmp_path)
    message = str(raised.value)
    assert "date is not a YYYY-MM-DD date" in message
    assert "unknown date_precision 'week'" in message
    assert "no evidence" in message


def test_a_withdrawn_row_makes_a_former_starter_event_a_draft(tmp_path, article):
    """A revised timeline leaves no stale event on a database that still holds the old one."""
    write_events(tmp_path, [row()])
    starter_events_load(fixtures_dir=tmp_path)
    write_events(tmp_path, [{"slug": "fighters-move", "withdrawn": True}])
    assert starter_events_load(fixtures_dir=tmp_path) == []
    event = Event.objects.get(slug="fighters-move")
    assert event.status == Status.DRAFT and event.evidence.exists()


def test_a_context_row_needs_no_evidence_and_is_marked(tmp_path, article):
    write_events(tmp_path, [row(slug="what-followed", evidence=[], is_context=True)])
    starter_events_load(fixtures_dir=tmp_path)
    assert Event.objects.get(slug="what-followed").is_context


def test_no_events_file_loads_nothing(tmp_path, article):
    assert starter_events_load(fixtures_dir=tmp_path) == []


# The editor's starter events in fixtures/events.json, loaded as `make run` loads them.
@pytest.fixture
def starter_events(seeded):
    return starter_events_load()


def test_the_starter_events_load_published_with_every_quote_found(starter_events):
    assert len(starter_events) >= 12
    events = Event.objects.filter(slug__in=starter_events)
    assert all(event.status == Status.PUBLISHED for event in events)
    evidence = EventEvidence.objects.filter(event__in=events).select_related("sentence")
    assert all(e.sentence is not None and e.quote_exact == e.sentence.text for e in evidence)
    # Every event rests on quoted sentences, except a line of context marked as such.
    assert all(event.evidence.exists() for event in events.filter(is_context=False))
    assert events.filter(is_context=True, evidence__isnull=True).exists()


def test_the_starter_events_quote_all_five_articles(starter_events):
    quoted = set(EventEvidence.objects.values_list("sentence__article__slug", flat=True))
    assert len(quoted) == 5


def test_the_starter_events_cover_the_standoff(starter_events):
    expected = {
        "fall-of-kabul",
        "baghlan-districts-taken-by-anti-taliban-forces",
        "taliban-fighters-head-for-panjshir",
        "mujahid-says-panjshir-surrounded",
        "taliban-official-at-russian-embassy",
        "taliban-nrf-talks-fail",
        "fighting-on-four-axes-khawak-pass",
        "differing-claims-of-taliban-losses",
    }
    assert expected <= set(starter_events)


def test_the_conflicting_starter_accounts_are_contested_and_a_sequence_is_not(starter_events):
    """Where the sources disagree the timeline says so; districts taken and then retaken are
    two events, neither contested; figures for different periods are not a dispute."""
    starter_content_load()  # the notes, whose contradiction links contest events too
    contested = set(
        Event.objects.with_contested().filter(is_contested=True).values_list("slug", flat=True)
    )
    assert {"start-of-taliban-offensive-disputed", "pro-taliban-accounts-claim-captures"} <= (
        contested
    )
    assert (
        not {
            "baghlan-districts-taken-by-anti-taliban-forces",
            "baghlan-districts-reported-under-taliban-control",
            "differing-claims-of-taliban-losses",
        }
        & contested
    )


def test_load_starter_content_twice_keeps_one_copy_of_each_event(db, capsys):
    call_command("load_starter_content")
    counts = (Event.objects.count(), EventEvidence.objects.count())
    call_command("load_starter_content")
    assert (Event.objects.count(), EventEvidence.objects.count()) == counts
    assert counts[0] >= 12
    assert "timeline events loaded" in capsys.readouterr().out
