"""Editor Markdown is rendered (raw HTML off) and sanitised (nh3 allow-list) once, on save.
Attack strings are checked where they would bite: on the pages readers load."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from notes.markup import ALLOWED_TAGS, sanitise_html
from tests.factories import make_article, make_note

pytestmark = pytest.mark.django_db

ATTACKS = [
    "<script>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[tab](jav&#x09;ascript:alert(1))",
    "[entity](javascript&colon;alert(1))",
    "<javascript:alert(1)>",
    "![img](javascript:alert(1))",
    "[vb](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[png](data:image/png;base64,iVBORw0KGgo=)",
    "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="https://evil.example"><button>go</button></form>',
    '[title](https://ok.example "a\\" onmouseover=\\"alert(1)")',
    "<p><a href='x'><b><p>unclosed <em>nested <strong>markup",
    "<!--><script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


class Tags(HTMLParser):
    """Every start tag of a document, with attribute values entity-decoded as a browser would."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def dangers(html: str) -> list[str]:
    """What in a whole page could run script or load something an editor typed."""
    found = []
    for tag, attrs in Tags(html).tags:
        if tag == "script" and not attrs.get("src", "").startswith("/static/"):
            found.append(f"<script> {attrs}")
        if tag in {"svg", "math", "iframe", "object", "embed", "img", "style", "base"}:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            squeezed = re.sub(r"[\x00-\x20]", "", value)
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(squeezed):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def note_bodies(html: str) -> list[str]:
    # Notes may not contain <div>, so the body ends at the first </div>.
    return re.findall(r'<div class="note__body">(.*?)</div>', html, re.S)


@pytest.fixture
def attacked_article():
    article = make_article(len(ATTACKS) + 1)
    for position, attack in enumerate(ATTACKS, start=2):
        make_note(article.sentences.get(position=position), body=attack)
    return article


def test_no_attack_survives_into_the_article_page(client, attacked_article):
    html = client.get(attacked_article.get_absolute_url()).content.decode()
    assert len(note_bodies(html)) == len(ATTACKS)
    assert dangers(html) == []


@pytest.mark.parametrize("position", range(2, len(ATTACKS) + 2))
def test_no_attack_survives_into_the_sentence_page(client, attacked_article, position):
    html = client.get(f"{attacked_article.get_absolute_url()}s/{position}/").content.decode()
    assert len(note_bodies(html)) == 1
    assert dangers(html) == []


def test_notes_keep_only_allow_listed_tags(client, attacked_article):
    html = client.get(attacked_article.get_absolute_url()).content.decode()
    for body in note_bodies(html):
        assert {tag for tag, _ in Tags(body).tags} <= ALLOWED_TAGS


def test_links_in_notes_get_nofollow_noopener(client):
    article = make_article(3)
    make_note(article.sentences.get(position=2), body="See [the wire](https://example.org/afp).")
    body = note_bodies(client.get(article.get_absolute_url()).content.decode())[0]
    assert '<a href="https://example.org/afp" rel="nofollow noopener">the wire</a>' in body


def test_editor_form_and_conflict_view_escape_the_attack_text(editor_client, attacked_article):
    """The editor's own pages show the Markdown source: as text, never as markup."""
    html = editor_client.get(f"{attacked_article.get_absolute_url()}s/2/note/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert dangers(html) == []


def test_annotation_json_carries_only_sanitised_html_and_no_raw_angle_brackets(
    client, attacked_article
):
    response = client.get("/annotations.jsonld")
    assert b"<" not in response.content and b">" not in response.content
    for annotation in json.loads(response.content)["first"]["items"]:
        for body in annotation["body"]:
            if body.get("format") == "text/html":
                assert dangers(body["value"]) == []
                assert {tag for tag, _ in Tags(body["value"]).tags} <= ALLOWED_TAGS


@pytest.mark.parametrize("attack", ATTACKS)
def test_sanitiser_alone_neutralises_raw_html_attacks(attack):
    """The second line of defence: even raw HTML (which the renderer never passes) is cleaned."""
    assert dangers(sanitise_html(attack)) == []


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="javascript&colon;alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        "<svg onload=alert(1)>",
        "<math></math>",
    ],
)
def test_the_page_checker_itself_catches_raw_attacks(raw):
    """Guard against a vacuous check: unsanitised markup must be reported."""
    assert dangers(raw) != []
