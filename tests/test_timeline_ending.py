"""The timeline says where its sources end, marks outside context as such, and counts only
contradictions, never repeats, as a dispute."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from articles.services import quote_anchor_for
from notes.models import Evidence
from tests.factories import OutletFactory, make_article
from tests.timeline_factories import EventFactory, evidence_for, note_on
from timeline.models import Event

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def herald():
    return make_article(
        4,
        headline="Heavy fighting",
        slug="herald",
        outlet=OutletFactory(name="The Eastern Herald"),
        published=dt.date(2021, 9, 1),
        published_precision="approximate",
    )


@pytest.fixture
def rewrite():
    return make_article(
        4,
        headline="Garbled",
        slug="rewrite",
        outlet=OutletFactory(name="Unnamed site"),
        published=dt.date(2021, 10, 21),
        date_doubtful=True,
    )


def ending(html: str) -> str:
    match = re.search(r'<li class="timeline__end" id="sources-end">(.*?)</li>', html, re.S)
    assert match, "the timeline does not say where its sources end"
    return text_of(match.group(1))


def test_the_timeline_says_when_its_newest_source_was_published(client, herald):
    evidence_for(
        EventFactory(title="Fighting", date=dt.date(2021, 9, 1)), herald.sentences.get(position=2)
    )
    line = ending(client.get("/timeline/").content.decode())
    assert "Our sources end here" in line
    assert "about 1 September 2021 (The Eastern Herald)" in line


def test_a_later_date_in_doubt_is_named_but_not_taken_as_the_end(client, herald, rewrite):
    evidence_for(EventFactory(title="Fighting"), herald.sentences.get(position=2))
    evidence_for(EventFactory(title="Garbled fighting"), rewrite.sentences.get(position=2))
    line = ending(client.get("/timeline/").content.decode())
    assert "about 1 September 2021 (The Eastern Herald)" in line
    assert "Unnamed site, carries a later printed date, 21 October 2021, which is in doubt" in line


def test_the_line_follows_the_last_sourced_event_and_precedes_outside_context(client, herald):
    evidence_for(
        EventFactory(title="Fighting", date=dt.date(2021, 9, 1)), herald.sentences.get(position=2)
    )
    EventFactory(
        title="What followed: the Taliban said they had taken Panjshir",
        date=dt.date(2021, 9, 6),
        is_context=True,
    )
    html = client.get("/timeline/").content.decode()
    end = html.index('id="sources-end"')
    # The list comes after the overview picture (which names every event too).
    assert "Fighting" in html[:end] and html.rindex("What followed") > end


def test_no_events_no_ending_line(client, db):
    assert 'id="sources-end"' not in client.get("/timeline/").content.decode()


def test_a_repeat_between_two_evidence_sentences_does_not_contest_an_event(herald):
    event = EventFactory(title="Fighters sent")
    first, second = herald.sentences.get(position=2), herald.sentences.get(position=3)
    evidence_for(event, first)
    evidence_for(event, second)
    note = note_on(first)
    Evidence.objects.create(
        note=note, sentence=second, relation="repeats", **quote_anchor_for(second)
    )
    assert not Event.objects.with_contested().get(pk=event.pk).is_contested
    Evidence.objects.filter(note=note).update(relation="contradicts")
    assert Event.objects.with_contested().get(pk=event.pk).is_contested


def test_context_events_go_in_their_own_row_of_the_timelinejs_export(client, db):
    EventFactory(title="What followed", is_context=True)
    (slide,) = client.get("/timeline.json").json()["events"]
    assert slide["group"] == "Context, outside our sources"
