"""Hostile strings through every form and filter, checked with a browser-grade HTML parser
(html5lib): none introduces an element, an attribute, an htmx attribute or a URL scheme that
the page would not have with plain words (issue 16, must-show 1).

The strings are a subset of the Big List of Naughty Strings (tests/data/naughty_strings.txt,
MIT licence, attributed there) plus a few aimed at htmx and Markdown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import html5lib
import pytest
from django.test import Client

from notes.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from notes.models import Status
from tests.conftest import REPO, staff_in
from tests.factories import OutletFactory, make_article
from timeline.models import Event
from timeline.services import event_save

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
NAUGHTY = [
    line
    for line in (REPO / "tests/data/naughty_strings.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
PLAIN = ["Plain words.", "A *plain* note with a [link](https://example.org/).", "Third."]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "data-permalink", "poster",
                  "hx-get", "hx-post", "data-note-url", "srcset", "background"}  # fmt: skip
SAFE_SCHEMES = {"", "http", "https", "mailto"}
# What a note or event summary may add by design: nh3's allow-list (articles/markup.py).
MARKDOWN = {(tag, attr) for tag in ALLOWED_TAGS for attr in ALLOWED_ATTRIBUTES.get(tag, ())} | {
    ("a", "rel")
}


def is_htmx(attribute: str) -> bool:
    return attribute.startswith(("hx-", "data-hx-"))


def scheme_of(url: str) -> str:
    """The scheme a browser would see: it drops tabs and newlines, and leading controls."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 \x0b\x0c")
    return urlsplit(cleaned).scheme.lower() if ":" in cleaned.split("/", 1)[0] else ""


@dataclass
class Markup:
    """What a set of pages is built of: tags, (tag, attribute) pairs, htmx attributes."""

    tags: set[str] = field(default_factory=set)
    attributes: set[tuple[str, str]] = field(default_factory=set)
    htmx: set[tuple[str, str, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def read(self, html: str, where: str, slug: str) -> None:
        document = html5lib.parse(html, namespaceHTMLElements=False)
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue  # comments
            self.tags.add(element.tag)
            for name, value in element.attrib.items():
                self.attributes.add((element.tag, name))
                if is_htmx(name):
                    # The same control on another sentence or article is the same control.
                    shape = re.sub(r'"X-CSRFToken": "\w+"', "TOKEN", value.replace(slug, "SLUG"))
                    shape = re.sub(r"\d+", "N", shape)
                    self.htmx.add((element.tag, name, shape))
                if name.startswith("on") or name == "style":
                    self.problems.append(f"{where}: <{element.tag} {name}={value!r}>")
                if name in URL_ATTRIBUTES and scheme_of(value) not in SAFE_SCHEMES:
                    self.problems.append(f"{where}: <{element.tag} {name}={value!r}>")
            if element.tag == "script" and not element.get("src", "").startswith("/static/"):
                self.problems.append(f"{where}: an inline <script>")


def html_of(response, where: str) -> str:
    assert response.status_code < 500, where
    return response.content.decode()


def editor_client_for(slug: str) -> Client:
    client = Client()
    client.force_login(staff_in("Editors", username=f"editor-{slug}"))
    return client


def store_everywhere(strings: list[str], *, slug: str) -> tuple[Client, list]:
    """Type each string into every field of a note and of a new event, then publish them."""
    editor_client = editor_client_for(slug)
    article = make_article(len(strings), slug=slug, outlet=OutletFactory(name=f"Wire {slug}"))
    sentences = list(article.sentences.filter(kind="body").order_by("position"))
    for sentence, text in zip(sentences, strings, strict=True):
        note = editor_client.post(
            f"/articles/{slug}/s/{sentence.position}/note/",
            {"credibility": "3", "new_claimant": text[:200], "body": text,
             "status": Status.PUBLISHED, "base_version": "0", "q": text},
        )  # fmt: skip
        assert note.status_code in (302, 422), (text, note.status_code)
        event = editor_client.post(
            f"/articles/{slug}/s/{sentence.position}/event/",
            {"intent": "new", "new-date": "2021-08-23", "new-date_precision": "day",
             "new-title": text[:300], "new-place": text[:200], "new-summary": text,
             "new-role": "reports"},
        )  # fmt: skip
        assert event.status_code in (200, 302), (text, event.status_code)
    for event in Event.objects.filter(evidence__sentence__article=article):
        event.status = Status.PUBLISHED
        event_save(event=event)
    return editor_client, sentences


def read_stored(strings: list[str], *, slug: str) -> Markup:
    """Every page showing what was stored: the article, the timeline, its exports, the forms."""
    editor_client, sentences = store_everywhere(strings, slug=slug)
    seen, reader = Markup(), Client()

    def read(response, where: str) -> None:
        seen.read(html_of(response, where), where, slug)

    article_url = sentences[0].article.get_absolute_url()
    read(reader.get(article_url), "article")
    read(editor_client.get(article_url), "article, editor")
    for page in range(1, len(strings) // 20 + 2):
        read(reader.get("/timeline/", {"page": page}, follow=True), f"timeline page {page}")
    for sentence in sentences[::5]:
        read(reader.get(sentence.get_absolute_url()), f"sentence {sentence.position}")
        note_url = f"/articles/{slug}/s/{sentence.position}/note/"
        read(editor_client.get(note_url, **HTMX), f"note form {sentence.position}")
    for slide in json.loads(reader.get("/timeline.json").content)["events"]:
        read_fragment(seen, slide["text"]["text"], "timeline.json", slug)
    for item in json.loads(reader.get("/annotations.jsonld").content)["first"]["items"]:
        for body in item["body"]:
            if body.get("format") == "text/html":
                read_fragment(seen, body["value"], "annotations.jsonld", slug)
    return seen


def read_reflected(strings: list[str], *, slug: str) -> Markup:
    """Every page that echoes what was asked: the timeline's filters, the evidence search."""
    make_article(3, headline=f"Searched {slug}", slug=slug, outlet=OutletFactory(name=slug))
    editor_client, reader, seen = editor_client_for(slug), Client(), Markup()
    note_url = f"/articles/{slug}/s/2/note/"
    for text in strings:
        filtered = reader.get("/timeline/", {"claimant": text, "source": text}, follow=True)
        seen.read(html_of(filtered, f"filters {text!r}"), f"filters {text!r}", slug)
        found = editor_client.get(note_url, {"q": text}, **HTMX)
        read_fragment(seen, html_of(found, f"search {text!r}"), f"search {text!r}", slug)
        exported = reader.get("/timeline.json", {"claimant": text})
        assert exported.status_code in (200, 400), text
        index = reader.get("/", {"page": text})
        assert index.status_code in (200, 301), text
    return seen


def read_fragment(seen: Markup, html: str, where: str, slug: str) -> None:
    seen.read(f"<!doctype html><body>{html}</body>", where, slug)


# Enough plain strings for a second timeline page, so pagination is in the baseline too.
PLAIN = [f"Plain words, number {n}." for n in range(20)] + PLAIN


# The note form's suggestions and independence warnings appear only when another article
# shares words with the sentence (the hostile set shares more): structure of our own, with
# no URL, handler or htmx attribute, which the checks below still hold to.
CONDITIONAL_SECTIONS = {
    ("h3", "class"),
    ("ul", "aria-labelledby"),
    ("label", "class"),
    ("select", "class"),
}


def assert_nothing_introduced(plain: Markup, hostile: Markup) -> None:
    assert hostile.problems == []
    assert hostile.tags - plain.tags - ALLOWED_TAGS == set()
    assert hostile.attributes - plain.attributes - MARKDOWN - CONDITIONAL_SECTIONS == set()
    assert hostile.htmx - plain.htmx == set()


def test_stored_hostile_strings_introduce_no_markup_on_any_page():
    assert_nothing_introduced(
        read_stored(PLAIN, slug="plain"), read_stored(NAUGHTY, slug="hostile")
    )


def test_hostile_filters_and_searches_introduce_no_markup():
    assert_nothing_introduced(
        read_reflected(PLAIN, slug="plain"), read_reflected(NAUGHTY, slug="hostile")
    )
