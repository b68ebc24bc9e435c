"""A reader in a real browser: the index, an article, a sentence permalink."""

from __future__ import annotations

import pytest

from articles.services import starter_sources_load

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_follows_a_source_to_its_article_and_a_sentence_permalink(
    live_server, page, screenshot
):
    starter_sources_load()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Anti-Taliban leader says ready to fight Taliban").click()
    page.wait_for_url("**/articles/anti-taliban-leader-ready-to-fight/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Anti-Taliban leader says ready to fight Taliban"
    )
    first_body = page.locator(".sentence--body").first
    position = first_body.get_attribute("data-sentence")
    page.goto(f"{live_server.url}/articles/anti-taliban-leader-ready-to-fight/s/{position}/")
    assert page.locator("blockquote").inner_text().strip() == first_body_text(
        page, live_server, position
    )
    page.get_by_role("link", name="Back to the article at this sentence").click()
    page.wait_for_url(f"**/articles/anti-taliban-leader-ready-to-fight/#s{position}")
    assert page.locator(f"#s{position}").is_visible()
    path = screenshot(page)
    assert path.exists() and path.stat().st_size > 10_000


def first_body_text(page, live_server, position: str) -> str:
    from articles.models import Sentence

    return Sentence.objects.get(
        article__slug="anti-taliban-leader-ready-to-fight", position=int(position)
    ).text


def test_article_page_is_clean_on_a_phone(live_server, chromium, screenshot):
    starter_sources_load()
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/articles/taliban-say-resistance-besieged-seek-talks/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    screenshot(page, "phone")
    context.close()
