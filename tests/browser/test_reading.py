"""A reader in a real browser: the index, an article, a sentence permalink."""

from __future__ import annotations

import pytest

from articles.models import Sentence
from desk.starter import starter_sources_load

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "anti-taliban-leader-ready-to-fight"


def test_reader_follows_a_source_to_its_article_and_a_sentence_permalink(
    live_server, page, screenshot
):
    starter_sources_load()
    page.goto(live_server.url + "/")
    page.get_by_role(
        "link", name="Anti-Taliban leader says ready to fight Taliban", exact=True
    ).click()
    page.wait_for_url(f"**/articles/{SLUG}/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Anti-Taliban leader says ready to fight Taliban"
    )
    position = int(page.locator(".sentence--body").first.get_attribute("data-sentence"))
    expected = Sentence.objects.get(article__slug=SLUG, position=position).text

    page.goto(f"{live_server.url}/articles/{SLUG}/s/{position}/")
    assert page.locator("blockquote").inner_text().strip() == expected
    page.get_by_role("link", name="Back to the article at this sentence").click()
    page.wait_for_url(f"**/articles/{SLUG}/#s{position}")
    assert page.locator(f"#s{position}").inner_text() == expected
    path = screenshot(page)
    assert path.exists() and path.stat().st_size > 10_000


def test_article_page_does_not_scroll_sideways_on_a_phone(live_server, chromium, screenshot):
    starter_sources_load()
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/articles/taliban-say-resistance-besieged-seek-talks/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone")
    context.close()
