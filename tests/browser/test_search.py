"""Search in a real browser: results as one types, the address following, and the same page
without JavaScript."""

from __future__ import annotations

import pytest

from desk.starter import starter_sources_load

pytestmark = pytest.mark.django_db(transaction=True)


def test_results_update_as_one_types_and_the_address_follows(live_server, page, screenshot):
    starter_sources_load()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Search", exact=True).click()
    page.wait_for_url("**/search/")
    page.get_by_label("Words, names or “an exact phrase”").press_sequentially("Masoud")
    page.wait_for_url("**/search/?*q=Masoud*")
    page.wait_for_selector(".hit")
    marked = set(page.locator(".hit__snippet mark").all_inner_texts())
    assert "Massoud" in marked  # as other outlets spell it (SQLite also marks the word as typed)
    assert "spellings included" in page.locator(".search-results__count").inner_text()
    screenshot(page, "masoud")


def test_search_works_without_javascript(live_server, chromium):
    starter_sources_load()
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/search/")
    page.get_by_label("Words, names or “an exact phrase”").fill('"Ahmad Massoud"')
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?*q=*")
    assert page.locator(".hit").count() > 0
    assert all("Ahmad Massoud" in t for t in page.locator(".hit__snippet").all_inner_texts())
    context.close()
