"""Absolute URLs come from the public origin, never from the request; a Host naming an
unknown name or port is refused, and cannot reach a cached page (issue 16, defect 5)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import make_article, make_note
from tests.timeline_factories import EventFactory, evidence_for

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"  # DJANGO_PUBLIC_ORIGIN under the test settings


@pytest.fixture
def timeline_with_quote():
    article = make_article(4, slug="valley")
    sentence = article.sentences.filter(kind="body").first()
    make_note(sentence)
    evidence_for(EventFactory(title="Column heads north"), sentence)
    return sentence


@pytest.mark.parametrize("host", ["testserver:6666", "evil.example", "evil.example:80"])
def test_a_request_naming_another_host_or_port_is_refused(client, timeline_with_quote, host):
    response = client.get("/timeline/", HTTP_HOST=host)
    assert response.status_code == 400


def test_the_origins_own_port_is_accepted(client, timeline_with_quote):
    assert client.get("/timeline/", HTTP_HOST="testserver:80").status_code == 200


def test_a_poisoned_host_never_reaches_the_next_readers_page(timeline_with_quote):
    attacker, reader = Client(), Client()
    for host in ("testserver:6666", "evil.example"):
        attacker.get("/timeline/", HTTP_HOST=host)
        attacker.get("/timeline.json", HTTP_HOST=host)
    for path in ("/timeline/", "/timeline.json", "/annotations.jsonld"):
        text = reader.get(path).content.decode()
        assert "6666" not in text and "evil" not in text


def test_an_allowed_alias_host_does_not_change_the_permalinks(settings, timeline_with_quote):
    settings.ALLOWED_HOSTS = ["testserver", "alias.example"]
    via_alias = Client().get("/timeline/?view=full", HTTP_HOST="alias.example").content.decode()
    assert "alias.example" not in via_alias
    assert f'data-permalink="{ORIGIN}{timeline_with_quote.get_absolute_url()}"' in via_alias


def test_exports_build_absolute_urls_on_the_public_origin(settings, timeline_with_quote):
    settings.ALLOWED_HOSTS = ["testserver", "alias.example"]
    client = Client(HTTP_HOST="alias.example")
    collection = json.loads(client.get("/annotations.jsonld").content)
    assert collection["id"] == f"{ORIGIN}/annotations.jsonld"
    note = collection["first"]["items"][0]
    assert note["id"].startswith(f"{ORIGIN}/articles/valley/")
    assert note["target"]["source"] == f"{ORIGIN}/articles/valley/source/"
    slides = json.loads(client.get("/timeline.json").content)["events"]
    assert f'href="{ORIGIN}{timeline_with_quote.get_absolute_url()}"' in slides[0]["text"]["text"]
    assert "alias.example" not in json.dumps(slides)
