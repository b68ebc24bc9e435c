"""The timeline at a glance in Chromium: the overview on a phone and by keyboard, the compact
view's Tab stops, Back after filtering (with and without JavaScript), print to PDF, downloads."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from desk.starter import starter_events_load, starter_sources_load
from timeline.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# Tab stops on the starter timeline before the compact view and the overview (issue 14).
TAB_STOPS_BEFORE = 229


@pytest.fixture
def starter():
    starter_sources_load()
    starter_events_load()
    return Event.objects.published().count()


def contested_count() -> int:
    return Event.objects.published().with_contested().filter(is_contested=True).count()


def tab_stops(page, limit: int = 400) -> int:
    """Press Tab from the top of the page until focus comes round again; count the stops."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        key = page.evaluate(
            "() => { const e = document.activeElement; if (!e || e === document.body) return null;"
            " if (!e.dataset.tabStop) e.dataset.tabStop = String(Math.random()); "
            "return e.dataset.tabStop; }"
        )
        if key is None or (seen and key == seen[0]):
            break
        seen.append(key)
    return len(seen)


def test_overview_on_a_phone_scrolls_in_its_box_not_the_page(
    live_server, chromium, starter, screenshot
):
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/timeline/")
    marks = page.locator("svg.overview__picture a.overview__mark")
    assert marks.count() == starter
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator(".overview__box")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the axis scrolls inside its box
    # Every mark is a target of at least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8).
    for n in range(starter):
        size = marks.nth(n).bounding_box()
        assert size["height"] >= 24 and size["width"] >= 24
    screenshot(page, "phone")
    context.close()


def test_a_reader_reaches_an_event_from_its_mark_by_keyboard(live_server, page, starter):
    page.goto(live_server.url + "/timeline/")
    first = page.locator("a.overview__mark").first
    slug = first.get_attribute("href").removeprefix("#")
    first.focus()
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/timeline/#{slug}")
    line = page.locator(f"#{slug}")
    expect(line).to_be_in_viewport()
    # One more press opens its evidence, without JavaScript's help.
    line.locator("summary").first.click()
    expect(line.locator(".evidence-list").first).to_be_visible()


def test_the_compact_view_has_far_fewer_tab_stops(live_server, page, starter):
    page.goto(live_server.url + "/timeline/")
    compact = tab_stops(page)
    print(f"Tab stops on the starter timeline, compact view: {compact}")
    assert 0 < compact < TAB_STOPS_BEFORE / 2


def test_after_back_the_form_shows_the_filters_of_the_results(live_server, page, starter):
    page.goto(live_server.url + "/timeline/")
    lines = page.locator("li.event-line")
    assert lines.count() == starter
    page.get_by_label("Contested events only").check()
    page.wait_for_url("**/timeline/?*contested=1*")
    expect(lines).to_have_count(contested_count())
    page.get_by_label("Credibility").select_option("5")
    page.wait_for_url("**/timeline/?*credibility=5*")
    page.go_back()
    page.wait_for_url(re.compile(r"/timeline/\?.*contested=1(&|$)"))
    assert "credibility=5" not in page.url
    expect(lines).to_have_count(contested_count())
    expect(page.get_by_label("Contested events only")).to_be_checked()
    expect(page.get_by_label("Credibility")).to_have_value("")
    page.go_back()
    page.wait_for_url(re.compile(r"/timeline/$"))
    expect(lines).to_have_count(starter)
    expect(page.get_by_label("Contested events only")).not_to_be_checked()


def test_after_back_without_javascript_the_form_matches_too(live_server, chromium, starter):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/timeline/")
    page.get_by_label("Contested events only").check()
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url("**/timeline/?*contested=1*")
    assert page.locator("li.event-line").count() == contested_count()
    page.go_back()
    page.wait_for_url(re.compile(r"/timeline/$"))
    assert page.locator("li.event-line").count() == starter
    expect(page.get_by_label("Contested events only")).not_to_be_checked()
    context.close()


def test_the_starter_timeline_prints_on_at_most_eight_a4_pages(live_server, page, starter):
    page.goto(live_server.url + "/timeline/")
    page.emulate_media(media="print")
    header = page.locator(".print-header")
    expect(header).to_be_visible()
    expect(header).to_contain_text(live_server.url + "/timeline/")
    expect(header).to_contain_text("Filters: none")
    expect(header).to_contain_text(f"{timezone.localdate():%-d %B %Y}")
    assert page.locator("form.filters").is_hidden()
    expect(page.locator("svg.overview__picture")).to_be_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    pages = len(pdf.pages)
    print(f"The starter timeline prints on {pages} A4 pages")
    assert 1 < pages <= 8
    # NFKC undoes the ligatures the PDF's fonts use ("ﬃ" in "official").
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))
    text = " ".join(text.split())
    assert "Printed from" in text
    for title in Event.objects.published().values_list("title", flat=True):
        assert " ".join(title.split()[:4]) in text


def test_the_downloads_download_with_dated_names(live_server, page, starter):
    page.goto(live_server.url + "/timeline/")
    today = timezone.localdate()
    for link, extension in (("TimelineJS JSON", "json"), ("CSV for a spreadsheet", "csv")):
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click()
        assert info.value.suggested_filename == f"panjshir-timeline-{today:%Y-%m-%d}.{extension}"
    assert page.url == live_server.url + "/timeline/"
