"""Public pages: cached for anonymous readers, never stale, with ETags, 304s and flat queries."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.pages import article_changed, article_key
from articles.services import article_import, quote_anchor_for
from notes.models import Evidence, Note, Relation, Status
from notes.services import note_save
from pagecache.http import CACHE_ALIAS, PLAIN_UP_TO, accepts_gzip, page_cache_key
from pagecache.models import ContentStamp
from pagecache.stamps import pages_of, rows_changed
from tests.factories import OutletFactory, make_article, make_note
from timeline.models import Event, EventEvidence
from timeline.services import event_evidence_add, event_save

pytestmark = pytest.mark.django_db


def _queries(client, url: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    return len(ctx.captured_queries), response


def _note(sentence, *, body: str = "Probably true.", status: str = Status.PUBLISHED) -> Note:
    """A note saved through note_save: the record, its revision, its pages' stamps."""
    return make_note(sentence, credibility=2, body=body, status=status)


def _event(sentences, *, title: str = "Fighting reported near Bazarak") -> Event:
    """A published event quoting `sentences`, stored as event_save will store it."""
    event = Event.objects.create(
        slug=title.lower().replace(" ", "-"),
        date=dt.date(2021, 8, 23),
        title=title,
        status=Status.PUBLISHED,
    )
    for order, sentence in enumerate(sentences):
        EventEvidence.objects.create(
            event=event, sentence=sentence, order=order, **quote_anchor_for(sentence)
        )
    rows_changed([event])
    return event


# --- The cache -------------------------------------------------------------------------------


def test_a_repeat_anonymous_view_is_served_from_the_cache_with_one_query(client):
    article = make_article(20)
    first = client.get(article.get_absolute_url())
    count, again = _queries(client, article.get_absolute_url())
    assert count == 1  # the page's stamps; nothing else
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("path", ["/", "/timeline/", "source/", "s/2/"])
def test_every_public_page_is_cached_for_anonymous_readers(client, path):
    article = make_article(5)
    url = article.get_absolute_url() + path if not path.startswith("/") else path
    client.get(url)
    count, response = _queries(client, url)
    assert response.status_code == 200
    assert count == 1


def test_an_article_change_shows_on_the_next_anonymous_view(client):
    article = make_article(5, headline="Fighters reach the valley")
    title = "<title>Fighters reach the {} · The Reading Room</title>"
    assert title.format("valley") in client.get(article.get_absolute_url()).content.decode()
    Article.objects.filter(pk=article.pk).update(headline="Fighters reach the pass")
    article_changed(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert title.format("pass") in html


def test_publishing_a_note_retires_the_cached_article_page_and_its_etag(client):
    article = make_article(5)
    url = article.get_absolute_url()
    before = client.get(url)
    _note(article.sentences.get(position=3))
    count, after = _queries(client, url, if_none_match=before["ETag"])
    assert after.status_code == 200  # not 304: the reader's copy predates the note
    assert after["ETag"] != before["ETag"]
    assert count > 1  # rendered afresh, not taken from the cache


def test_a_note_change_refreshes_the_pages_of_the_articles_its_evidence_cites(client):
    noted, cited = make_article(5, headline="Noted"), make_article(5, headline="Cited")
    note = _note(noted.sentences.get(position=2))
    before = client.get(cited.get_absolute_url())
    Evidence.objects.create(
        note=note,
        sentence=cited.sentences.get(position=3),
        relation=Relation.CONTRADICTS,
        **quote_anchor_for(cited.sentences.get(position=3)),
    )
    rows_changed([note])
    after = client.get(cited.get_absolute_url(), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_a_note_change_leaves_other_articles_cached(client):
    noted, other = make_article(5, headline="Noted"), make_article(5, headline="Other")
    before = client.get(other.get_absolute_url())
    _note(noted.sentences.get(position=2))
    count, after = _queries(client, other.get_absolute_url(), if_none_match=before["ETag"])
    assert after.status_code == 304
    assert count == 1


def test_an_event_change_refreshes_the_timeline(client):
    article = make_article(5)
    before = client.get("/timeline/")
    _event([article.sentences.get(position=2)], title="Talks break down")
    after = client.get("/timeline/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert "Talks break down" in after.content.decode()


def test_the_captured_page_is_cached_apart_from_the_reading_view(client):
    outlet = OutletFactory()
    text = "Valley under siege\n\nFighters held the pass on Monday.\n\nShare this article\n"
    article = article_import(text=text, outlet=outlet, headline="Valley under siege")
    plain = client.get(article.get_absolute_url()).content.decode()
    captured = client.get(article.get_absolute_url() + "?as=captured").content.decode()
    assert "Share this article" not in plain
    assert "Share this article" in captured


def test_the_page_cache_can_be_switched_off_and_pages_still_validate(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    article = make_article(5)
    first = client.get(article.get_absolute_url())
    count, again = _queries(client, article.get_absolute_url())
    assert count > 1  # rendered every time: what `make bench` measures as "uncached"
    assert again["ETag"] == first["ETag"]


def test_a_page_larger_than_the_cache_entry_limit_is_rendered_each_time(client, settings):
    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 1000
    article = make_article(50)
    client.get(article.get_absolute_url())
    count, response = _queries(client, article.get_absolute_url())
    assert response.status_code == 200
    assert count > 1


def test_an_unknown_article_is_a_404_without_validators(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert not response.has_header("ETag")


# --- Conditional requests --------------------------------------------------------------------


def test_a_current_etag_is_answered_304_without_a_body(client):
    article = make_article(5)
    first = client.get(article.get_absolute_url())
    count, response = _queries(client, article.get_absolute_url(), if_none_match=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    assert count == 1


def test_a_current_last_modified_is_answered_304(client):
    article = make_article(5)
    first = client.get(article.get_absolute_url())
    response = client.get(
        article.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]}
    )
    assert response.status_code == 304


def test_public_pages_must_be_revalidated_and_vary_on_cookie(client):
    response = client.get(make_article(5).get_absolute_url())
    assert "no-cache" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "HX-Request" in response["Vary"]


# --- Editors and what must never be shared -------------------------------------------------


def test_editor_pages_are_private_and_carry_no_validators(editor_client):
    response = editor_client.get(make_article(5).get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    assert "Signed in as editor-one" in response.content.decode()


def test_an_editor_never_gets_the_cached_anonymous_page(client, editor):
    article = make_article(5)
    client.get(article.get_absolute_url())
    client.force_login(editor)
    count, response = _queries(client, article.get_absolute_url())
    assert "Signed in as editor-one" in response.content.decode()
    assert count > 1


def test_a_reader_never_gets_an_editors_page(editor_client):
    article = make_article(5)
    editor_client.get(article.get_absolute_url())
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Signed in as" not in html
    assert "Editor sign-in" in html


def test_anonymous_pages_embed_no_csrf_token_and_set_no_cookie(client):
    response = client.get(make_article(5).get_absolute_url())
    assert "X-CSRFToken" not in response.content.decode()
    assert not response.cookies


def test_editor_pages_still_send_the_csrf_token_to_htmx(editor_client):
    html = editor_client.get(make_article(5).get_absolute_url()).content.decode()
    assert "hx-headers" in html and "X-CSRFToken" in html


def test_htmx_requests_are_rendered_not_served_from_the_cache(client):
    article = make_article(5)
    client.get(article.get_absolute_url())
    count, response = _queries(client, article.get_absolute_url(), hx_request="true")
    assert response.status_code == 200
    assert count > 1


# --- Stamps ----------------------------------------------------------------------------------


def test_importing_an_article_stamps_its_pages_the_index_and_the_timeline():
    article = make_article(3)
    keys = set(ContentStamp.objects.values_list("key", flat=True))
    assert {article_key(article.slug), "index", "timeline", "site"} <= keys


def test_note_keys_name_its_article_the_articles_its_evidence_cites_and_the_timeline():
    noted, cited, other = (make_article(3, headline=h) for h in ("Noted", "Cited", "Other"))
    note = _note(noted.sentences.get(position=2))
    Evidence.objects.create(
        note=note, sentence=cited.sentences.get(position=1), relation=Relation.CORROBORATES
    )
    assert pages_of(note) == {
        article_key(noted.slug),
        article_key(cited.slug),
        "timeline",
    }
    assert article_key(other.slug) not in pages_of(note)


def test_event_keys_name_the_timeline_and_the_articles_it_quotes():
    quoted, other = make_article(3, headline="Quoted"), make_article(3, headline="Other")
    event = _event([quoted.sentences.get(position=2)])
    assert pages_of(event) == {"timeline", article_key(quoted.slug)}
    assert article_key(other.slug) not in pages_of(event)


def test_bumping_a_stamp_changes_its_token():
    article = make_article(3)
    key = article_key(article.slug)
    before = ContentStamp.objects.get(key=key).token
    article_changed(article=article)
    assert ContentStamp.objects.get(key=key).token != before


# --- Queries that stay flat ------------------------------------------------------------------


def test_index_render_queries_do_not_grow_with_the_number_of_articles(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    make_article(3, headline="First")
    few, _ = _queries(client, "/")
    for n in range(40):
        make_article(2, headline=f"More {n}")
    many, response = _queries(client, "/")
    assert response.status_code == 200
    assert many == few


def test_sentence_page_render_queries_do_not_grow_with_the_article(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    small, large = make_article(5, headline="Small"), make_article(500, headline="Large")
    few, _ = _queries(client, f"/articles/{small.slug}/s/3/")
    many, _ = _queries(client, f"/articles/{large.slug}/s/300/")
    assert many == few


def test_timeline_render_queries_do_not_grow_with_events(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    article = make_article(30)
    _event([article.sentences.get(position=1)], title="First event")
    few, _ = _queries(client, "/timeline/")
    for n in range(2, 12):
        _event([article.sentences.get(position=n)], title=f"Event {n}")
    many, _ = _queries(client, "/timeline/")
    assert many == few


# --- The index, paginated --------------------------------------------------------------------


def test_index_lists_sources_a_page_at_a_time_with_the_total(client):
    for n in range(30):
        make_article(2, headline=f"Source {n:02d}")
    html = client.get("/").content.decode()
    assert "Sources (30)" in html
    assert html.count('class="source-card"') == 25
    assert "Page 1 of 2" in html
    assert 'href="?page=2"' in html
    second = client.get("/?page=2").content.decode()
    assert second.count('class="source-card"') == 5


def test_index_shows_each_sources_sentence_count(client):
    make_article(7, headline="Seven sentences")
    html = client.get("/").content.decode()
    assert "8 sentences" in html  # the headline line and seven body sentences


def test_a_page_number_past_the_end_shows_the_last_page(client):
    make_article(2)
    response = client.get("/?page=999")
    assert response.status_code == 200
    assert "A test article" in response.content.decode()


def test_the_benchmark_hello_view_is_not_mounted_unless_asked_for(client):
    assert client.get("/_bench/hello").status_code == 404


def test_a_note_published_through_note_save_shows_on_the_next_anonymous_view(client, editor):
    article = make_article(5)
    sentence = article.sentences.get(position=3)
    kwargs = dict(sentence=sentence, editor=editor, credibility=4, claimant=None, evidence=[])
    note = note_save(
        **kwargs, body="Checked against *two* texts.", status=Status.DRAFT, base_version=0
    )
    assert "Checked against" not in client.get(article.get_absolute_url()).content.decode()
    note_save(
        **kwargs,
        body="Checked against *two* texts.",
        status=Status.PUBLISHED,
        base_version=note.version,
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Checked against <em>two</em> texts." in html


def test_an_event_published_through_event_save_shows_on_the_next_anonymous_view(client):
    article = make_article(3)
    assert "Talks break down" not in client.get("/timeline/").content.decode()
    event = event_save(
        event=Event(title="Talks break down", date=dt.date(2021, 9, 1), status=Status.PUBLISHED)
    )
    event_evidence_add(event=event, sentence=article.sentences.get(position=2), role="reports")
    assert "Talks break down" in client.get("/timeline/").content.decode()


def test_a_large_page_is_cached_compressed_and_served_byte_for_byte(client, settings):
    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 10 * 1024 * 1024
    article = make_article(1500)  # an article page well over the plain-copy threshold
    first = client.get(article.get_absolute_url())
    assert len(first.content) > PLAIN_UP_TO
    count, again = _queries(client, article.get_absolute_url())
    assert count == 1  # served from the cache, inflated for a client that takes no gzip
    assert again.content == first.content
    assert not again.has_header("Content-Encoding")


# --- gzip for clients that take it ------------------------------------------------------------

BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


@pytest.mark.parametrize("rows", [5, 1500])
def test_a_gzip_client_gets_the_same_page_compressed_with_its_own_etag(client, settings, rows):
    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 10 * 1024 * 1024
    url = make_article(rows).get_absolute_url()
    plain = client.get(url)
    for _ in range(2):  # the render that fills the cache, then a hit
        count, packed = _queries(client, url, accept_encoding=BROWSER_ENCODINGS)
        assert packed["Content-Encoding"] == "gzip"
        assert packed["Content-Length"] == str(len(packed.content))
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content)
        assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'
        assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
        assert packed["Last-Modified"] == plain["Last-Modified"]
    assert count == 1


def test_a_gzip_etag_is_answered_304_only_for_the_gzip_representation(client):
    url = make_article(5).get_absolute_url()
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    current = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert current.status_code == 304
    assert current["ETag"] == packed["ETag"]
    # A client that no longer takes gzip holds the wrong representation: it gets the page.
    other = client.get(url, headers={"if-none-match": packed["ETag"]})
    assert other.status_code == 200
    assert not other.has_header("Content-Encoding")


def test_pages_are_compressed_on_a_miss_too_when_the_cache_is_off(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    url = make_article(5).get_absolute_url()
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(response.content)


def test_editor_pages_and_htmx_fragments_are_never_compressed(client, editor_client):
    url = make_article(5).get_absolute_url()
    assert not editor_client.get(url, headers={"accept-encoding": "gzip"}).has_header(
        "Content-Encoding"
    )
    fragment = client.get(url, headers={"accept-encoding": "gzip", "hx-request": "true"})
    assert not fragment.has_header("Content-Encoding")


def test_a_404_is_never_compressed(client):
    response = client.get("/articles/no-such-article/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 404
    assert not response.has_header("Content-Encoding")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("x-gzip", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("gzip;q=abc", False),
    ],
)
def test_accept_encoding_is_read_by_its_q_values(rf, header, expected):
    request = rf.get("/", headers={"accept-encoding": header} if header else {})
    assert accepts_gzip(request) is expected


def test_a_large_page_whose_gzip_entry_was_dropped_is_rendered_again(client, settings):
    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 10 * 1024 * 1024
    url = make_article(1500).get_absolute_url()
    first = client.get(url)
    # LocMemCache culls entries at random when full: here, the large page's gzip body.
    cache = caches[CACHE_ALIAS]
    gzip_key = page_cache_key(first["ETag"], url) + ":gzip"
    assert cache.get(gzip_key) is not None
    cache.delete(gzip_key)
    count, again = _queries(client, url)
    assert again.content == first.content
    assert count > 1  # rendered, not served half from the cache


def test_a_reader_with_flash_messages_gets_a_fresh_private_page(client, settings):
    """Flash messages live in Django's own cookie; a setting Django has no use for (issue 15:
    MESSAGE_COOKIE_NAME was read) cannot turn the check off."""
    settings.MESSAGE_COOKIE_NAME = "not-the-cookie-django-uses"
    make_article(3)
    client.get("/")
    client.cookies["messages"] = "a flash message for this browser"
    response = client.get("/")
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
