"""The compact lines and the overview are rendered once per content, and never shown stale.

timeline.rendering keeps each rendering under a key made of every value it shows; these tests
change those values through the services, with the page cache off, and read the page again."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.test import Client

from notes.models import Note
from tests.factories import body_sentence, make_note
from tests.timeline_factories import (
    ClaimantFactory,
    EventFactory,
    evidence_for,
    guardian_article,
)
from timeline.lines import EventLine, Quote
from timeline.rendering import _rendered, compact_line_html, content_key
from timeline.services import event_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture
def event():
    article = guardian_article(4)
    event = EventFactory(slug="fighters", title="Fighters number 6,000")
    evidence_for(event, body_sentence(article, 1), role="claims")
    make_note(body_sentence(article, 1), credibility=2, claimant=ClaimantFactory(name="Dashty"))
    return event


def line_of(client, slug: str = "fighters") -> str:
    html = client.get("/timeline/").content.decode()
    return html.split(f'id="{slug}"')[1].split("</li>\n</ol>")[0]


def test_a_regraded_quote_shows_its_new_grade_at_once(client, event):
    assert "B2" in line_of(client)
    note = Note.objects.get()
    make_note(
        note.sentence,
        credibility=5,
        claimant=note.claimant,
        base_version=note.version,
    )
    line = line_of(client)
    assert "B5" in line and "B2" not in line


def test_a_renamed_event_and_claimant_show_at_once(client, event):
    line_of(client)
    event.title = "Fighters number 9,000"
    event_save(event=event)
    claimant = Note.objects.get().claimant
    claimant.name = "Fahim Dashty"
    claimant.save()
    line = line_of(client)
    assert "Fighters number 9,000" in line and "6,000" not in line
    assert "claimant: Fahim Dashty" in line


def test_an_editor_gets_edit_links_that_a_reader_never_sees(editor_client, event):
    reader = Client()
    assert "Edit<span" not in line_of(reader)
    assert "Edit<span" in line_of(editor_client)
    assert "Edit<span" not in line_of(reader)


def test_the_same_line_is_rendered_once_and_a_changed_quote_again(client, event):
    line_of(client)
    before = _rendered.cache_info()
    line_of(client)
    after = _rendered.cache_info()
    assert after.misses == before.misses  # the line and the overview both came from the memo
    assert after.hits - before.hits == 2


def test_the_key_holds_every_nested_value():
    quote = Quote(
        role="claims",
        role_label="Claims",
        text="Fighters number 6,000.",
        sentence_id=1,
        position="1",
        url="/a/1/",
        article_url="/a/",
        article_slug="a",
        headline="A",
        outlet="Outlet",
        language="en",
        published="1 September 2021",
        grade=None,
    )
    line = EventLine(
        pk=1,
        slug="e",
        title="E",
        when="23 August 2021",
        date=dt.date(2021, 8, 23),
        end_date=None,
        precision="day",
        place="",
        summary_html="",
        contested=False,
        is_published=True,
        quotes=[quote],
        sources=1,
    )
    changed = replace(line, quotes=[replace(quote, matches=True)])
    assert content_key(line) == content_key(replace(line, quotes=[replace(quote)]))
    assert content_key(line) != content_key(changed)
    first = compact_line_html(line, full_query="view=full", can_edit=False)
    assert "evidence--match" not in first
    assert "evidence--match" in compact_line_html(changed, full_query="view=full", can_edit=False)
