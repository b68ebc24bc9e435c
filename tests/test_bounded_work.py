"""No request buys unbounded work (issue 16, defect 8): every free-text field has a limit,
made-up query strings neither miss the page cache nor fill it, and /timeline.json is cached
and compressed like the pages."""

from __future__ import annotations

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Outlet
from notes.models import Note
from tests.factories import make_article, make_note
from tests.timeline_factories import EventFactory, evidence_for
from timeline.models import Event

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def queries(client, url: str, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return len(ctx.captured_queries), response


# --- length limits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Event, "summary", 10_000),
        (Note, "body", 20_000),
        (Outlet, "reliability_note", 5_000),
        (Article, "published_note", 5_000),
        (Article, "retrieval_note", 5_000),
    ],
)
def test_every_free_text_field_has_a_length_limit(model, field, limit):
    assert model._meta.get_field(field).max_length == limit


def test_an_over_long_event_summary_is_a_form_error_and_nothing_is_written(editor_client):
    article = make_article(3, slug="valley")
    sentence = article.sentences.filter(kind="body").first()
    response = editor_client.post(
        f"/articles/valley/s/{sentence.position}/event/",
        {
            "intent": "new",
            "new-date": "2021-08-23",
            "new-date_precision": "day",
            "new-title": "Fighting reported",
            "new-summary": "x" * 10_001,
            "new-role": "reports",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 10000 characters" in response.content.decode()
    assert not Event.objects.exists()


def test_an_over_long_event_summary_is_refused_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("chief", password="x-long-password-1")
    client.force_login(admin)
    response = client.post(
        "/admin/timeline/event/add/",
        {"slug": "long", "date": "2021-08-23", "date_precision": "day", "title": "Long",
         "summary": "x" * 10_001, "status": "draft",
         "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "at most 10000 characters" in response.content.decode()
    assert not Event.objects.exists()


def test_an_over_long_note_is_a_form_error(editor_client):
    article = make_article(3, slug="valley")
    response = editor_client.post(
        "/articles/valley/s/2/note/",
        {"credibility": "3", "body": "x" * 20_001, "status": "draft", "base_version": "0"},
    )
    assert response.status_code == 422
    assert "at most 20000 characters" in response.content.decode()
    assert not Note.objects.filter(sentence__article=article).exists()


# --- query strings the page does not use -------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("?as=x7f3a9", ""),
        ("?utm_source=mail&as=captured", "?as=captured"),
        ("?as=captured&as=captured", "?as=captured"),
        ("?page=2", ""),
    ],
)
def test_an_article_url_with_a_query_it_does_not_use_redirects_to_the_canonical_one(
    client, asked, canonical
):
    url = make_article(3, slug="valley").get_absolute_url()
    response = client.get(url + asked)
    assert response.status_code == 301
    assert response["Location"] == url + canonical


def test_made_up_query_strings_neither_render_nor_fill_the_page_cache(client):
    url = make_article(30, slug="valley").get_absolute_url()
    client.get(url)
    for n in range(20):
        count, response = queries(client, f"{url}?as=random{n}&x={n}")
        assert response.status_code == 301
        # Redirected before the stamps are read: nothing rendered, nothing cached.
        assert count == 0
    hit_count, hit = queries(client, url)
    assert hit.status_code == 200 and hit_count == 1


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("?page=02", "?page=2"),
        ("?page=1", ""),
        ("?contested=on&credibility=2", "?contested=1&credibility=2"),
        ("?contested=0", ""),
        ("?fbclid=abc", ""),
    ],
)
def test_the_timeline_spells_each_query_one_way(client, asked, canonical):
    response = client.get("/timeline/" + asked)
    assert response.status_code == 301
    assert response["Location"] == "/timeline/" + canonical


def test_queries_the_pages_use_are_served_without_a_redirect(client):
    url = make_article(3, slug="valley").get_absolute_url()
    assert client.get(url + "?as=captured").status_code == 200
    assert client.get("/timeline/?contested=1").status_code == 200
    assert client.get("/?page=2").status_code == 200


def test_editors_are_not_redirected(editor_client):
    url = make_article(3, slug="valley").get_absolute_url()
    assert editor_client.get(url + "?as=anything").status_code == 200


# --- /timeline.json ---------------------------------------------------------------------------


@pytest.fixture
def timeline_export():
    sentence = make_article(4, slug="valley").sentences.filter(kind="body").first()
    make_note(sentence)
    evidence_for(EventFactory(title="Column heads north"), sentence)


def test_the_timeline_export_is_cached_with_one_query_per_hit(client, timeline_export):
    first = client.get("/timeline.json")
    count, again = queries(client, "/timeline.json")
    assert count == 1
    assert again.content == first.content
    assert json.loads(again.content)["events"][0]["text"]["headline"] == "Column heads north"
    assert again["Access-Control-Allow-Origin"] == "*"


def test_the_timeline_export_is_compressed_and_validated(client, timeline_export):
    plain = client.get("/timeline.json")
    packed = client.get("/timeline.json", **GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    again = client.get("/timeline.json", HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP)
    assert again.status_code == 304


def test_a_new_event_shows_in_the_next_export(client, timeline_export):
    client.get("/timeline.json")
    sentence = Article.objects.get(slug="valley").sentences.filter(kind="body").last()
    event = EventFactory(title="Talks fail")
    evidence_for(event, sentence)  # saving stamps the timeline (pagecache's registry)
    headlines = [
        e["text"]["headline"] for e in json.loads(client.get("/timeline.json").content)["events"]
    ]
    assert "Talks fail" in headlines
