"""The timeline in a real browser: filtering in place, following a quote to its sentence, the
phone and desktop layouts, print, and an editor adding a sentence to an event without a reload."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.services import quote_anchor_for
from desk.starter import starter_events_load, starter_sources_load
from notes.models import Status
from pagecache.stamps import stamps_bump
from tests.factories import UserFactory, make_note
from timeline.models import Event, EventEvidence
from timeline.pages import TIMELINE

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def load_starter_content() -> None:
    starter_sources_load()
    starter_events_load()


def contested_count() -> int:
    return Event.objects.published().with_contested().filter(is_contested=True).count()


def test_reader_filters_to_contested_events_and_follows_a_quote_to_its_sentence(
    live_server, page, screenshot
):
    load_starter_content()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Read the annotated timeline").click()
    page.wait_for_url("**/timeline/")
    assert page.locator("article.event").count() == Event.objects.published().count()

    page.get_by_label("Contested events only").check()
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url("**/timeline/?*contested=1*")
    page.wait_for_function(
        "n => document.querySelectorAll('article.event').length === n", arg=contested_count()
    )
    events = page.locator("article.event")
    assert events.count() == contested_count() > 0
    assert events.count() == page.locator("article.event--contested").count()
    assert page.locator("article.event .contested").first.inner_text().startswith("⚠ Contested")
    screenshot(page, "contested-desktop")

    quote = page.locator(".evidence__quote a").first
    expected = quote.inner_text().strip()
    quote.click()
    page.wait_for_url("**/articles/*/s/*/")
    assert page.locator("blockquote").inner_text().strip() == expected


def test_filters_work_without_javascript(live_server, chromium):
    load_starter_content()
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/timeline/")
    page.get_by_label("Contested events only").check()
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url("**/timeline/?*contested=1*")
    assert page.locator("article.event").count() == contested_count()
    context.close()


@pytest.mark.parametrize(("label", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_timeline_screenshots_on_phone_and_desktop(
    live_server, chromium, screenshot, label, viewport
):
    load_starter_content()
    context = chromium.new_context(viewport=viewport, is_mobile=label == "phone")
    page = context.new_page()
    page.goto(live_server.url + "/timeline/")
    assert page.locator("article.event").count() >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (
        "the timeline scrolls sideways"
    )
    path = screenshot(page, label)
    assert path.exists() and path.stat().st_size > 20_000
    context.close()


def test_printed_timeline_hides_the_controls_and_shows_the_notes(live_server, page):
    load_starter_content()
    evidence = EventEvidence.objects.select_related("sentence__article").first()
    make_note(
        evidence.sentence,
        credibility=2,
        status=Status.PUBLISHED,
        body="Probably true: **two outlets** agree.",
    )
    page.goto(live_server.url + "/timeline/")
    note = page.get_by_text("two outlets").first
    assert not note.is_visible()
    page.emulate_media(media="print")
    assert page.locator("form.filters").is_hidden()
    assert page.locator(".site-header nav").is_hidden()
    assert note.is_visible()
    assert len(page.pdf(format="A4")) > 10_000


def test_editor_adds_a_sentence_to_an_event_without_a_page_reload(live_server, page):
    load_starter_content()
    editor = UserFactory(username="desk", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")

    slug = "heavy-fighting-panjshir-after-talks-fail"
    page.goto(f"{live_server.url}/articles/{slug}/")
    page.evaluate("window.notReloaded = true")
    first = page.locator(".sentence--body").first
    position = first.get_attribute("data-sentence")
    page.get_by_role("link", name=f"Add sentence {position} to a timeline event").click()
    panel = page.locator("#event-dock .event-panel")
    panel.wait_for()
    # Focus moves to the panel's heading once htmx has settled the swap.
    expect(page.locator("#event-panel-heading")).to_be_focused()
    event = Event.objects.get(slug="fall-of-kabul")
    assert not event.evidence.filter(sentence__position=int(position)).exists()
    panel.get_by_label("Event").select_option(str(event.pk))
    panel.get_by_label("This sentence").first.select_option("reports")
    panel.get_by_role("button", name="Add to event").click()
    page.get_by_text("now backs").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert event.evidence.filter(sentence__position=int(position)).exists()
    page.get_by_role("button", name="Close", exact=True).click()
    assert page.locator("#event-dock").inner_html().strip() == ""


def test_reader_pages_through_a_long_timeline_by_keyboard_and_keeps_the_filter(live_server, page):
    load_starter_content()
    sentence = Event.objects.published().first().evidence.first().sentence
    for n in range(25):  # 18 starter events + 25 more, each quoting the same sentence
        event = Event.objects.create(
            slug=f"later-report-{n}", title=f"Later report {n}", status=Status.PUBLISHED,
            date=sentence.article.published, date_precision="day",
        )  # fmt: skip
        EventEvidence.objects.create(
            event=event, sentence=sentence, role="disputes", **quote_anchor_for(sentence)
        )
    stamps_bump({TIMELINE})  # bulk writes: stamp as event_save would
    total = Event.objects.published().count()
    page.goto(live_server.url + "/timeline/")
    expect(page.locator(".timeline__count")).to_contain_text(
        f"{total} events; page 1 of 3 shows events 1 to 20"
    )
    later = page.get_by_role("link", name="Later events")
    later.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/timeline/?page=2")
    assert page.locator("article.event").count() == 20
    # Filtering starts again from page 1, and the page links keep the filter.
    page.get_by_label("Contested events only").check()
    page.get_by_role("button", name="Show events").click()
    expect(page.locator(".timeline__count")).to_contain_text("match these filters")
    expect(page.get_by_role("link", name="Later events")).to_have_attribute(
        "href", re.compile(r"^\?.*contested=1.*&page=2$")
    )
