"""A reader cites a sentence in a real browser: keyboard to its link, copy, land on :target."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clip_page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    context.close()


def test_keyboard_reaches_a_sentence_link_and_copies_its_link_and_citation(
    live_server, clip_page, screenshot
):
    article = make_article(12, headline="Resistance holds the valley")
    page = clip_page
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a[data-cite-link]')"):
            break
    link = page.evaluate_handle("document.activeElement")
    href = page.evaluate("document.activeElement.href")
    sentence = article.sentences.get(key=href.rstrip("/").rsplit("/", 1)[1])
    assert href == f"{live_server.url}{sentence.get_absolute_url()}"

    page.keyboard.press("Tab")  # the controls appear right after the link
    assert page.evaluate("document.activeElement.textContent").startswith("Copy link")
    page.keyboard.press("Enter")
    status = page.locator("[data-copy-status]").first
    expect(status).to_have_text(f"Link to sentence {sentence.position} copied.")
    assert page.evaluate("navigator.clipboard.readText()") == href

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"Citation of sentence {sentence.position} copied.")
    citation = page.evaluate("navigator.clipboard.readText()")
    assert citation.startswith("Test Outlet") and f"“{sentence.text}”" in citation
    assert href in citation and "(retrieved " in citation
    assert link is not None
    assert page.problems == []  # nothing refused by the CSP, no script error
    screenshot(page)


def test_a_sentence_reached_by_its_anchor_is_highlighted_and_in_view_with_context(
    live_server, clip_page, screenshot
):
    article = make_article(60, headline="A long dispatch")
    page = clip_page
    page.goto(f"{live_server.url}{article.get_absolute_url()}#s45")
    target = page.locator("#s45")
    assert page.evaluate("document.querySelector(':target').id") == "s45"
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 243, 176)"
    box = target.bounding_box()
    # In view, with lines of context above it rather than pinned to the top edge.
    assert 100 < box["y"] < 800 - box["height"]
    assert page.problems == []
    screenshot(page)


def test_sentence_page_copy_buttons_copy_the_citation(live_server, clip_page):
    article = make_article(4, headline="Short dispatch")
    sentence = article.sentences.get(position=3)
    page = clip_page
    page.goto(f"{live_server.url}{sentence.get_absolute_url()}")
    page.get_by_role("button", name="Copy Markdown").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copy Markdown: done.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-markdown").text_content()
    assert f"<{live_server.url}{sentence.get_absolute_url()}>" in copied
