"""Public reading pages, through Django's real HTTP stack."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_index_lists_every_source_with_outlet_date_and_description(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for article in Article.objects.select_related("outlet"):
        assert article.get_absolute_url() in html
        assert escape(article.outlet.name) in html
        assert escape(article.summary) in html
    assert 'href="/timeline/"' in html


def test_article_page_marks_every_non_chrome_sentence_with_id_and_data_attribute(client, seeded):
    article = Article.objects.get(slug="anti-taliban-leader-ready-to-fight")
    html = client.get(article.get_absolute_url()).content.decode()
    for sentence in article.sentences.exclude(kind="chrome"):
        assert f'id="s{sentence.position}"' in html
        assert f'data-sentence="{sentence.position}"' in html


def test_article_page_hides_chrome_until_asked_for_the_page_as_captured(client, seeded):
    article = Article.objects.get(slug="taliban-say-resistance-besieged-seek-talks")
    chrome = article.sentences.get(text="Close button")
    plain = client.get(article.get_absolute_url()).content.decode()
    assert f'id="s{chrome.position}"' not in plain
    assert "Show the page as captured" in plain
    captured = client.get(article.get_absolute_url() + "?as=captured").content.decode()
    assert f'id="s{chrome.position}"' in captured


def test_article_page_sets_captions_apart(client, seeded):
    article = Article.objects.get(slug="taliban-say-resistance-besieged-seek-talks")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="para para--caption"' in html


def test_source_page_shows_the_verbatim_text_and_checksum(client, seeded):
    article = Article.objects.get(slug="taliban-besieged-panjshir-southfront-repost")
    response = client.get(article.get_source_url())
    html = response.content.decode()
    assert article.sha256 in html
    assert article.url in html
    pre = re.search(r'<pre class="verbatim"[^>]*>(.*?)</pre>', html, re.S).group(1)
    assert html_lib.unescape(pre) == article.text


def test_sentence_permalink_quotes_the_sentence_and_links_back_into_the_article(client, seeded):
    article = Article.objects.get(slug="anti-taliban-leader-ready-to-fight")
    sentence = article.sentences.filter(kind="body")[3]
    response = client.get(sentence.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/articles/{article.slug}/#s{sentence.position}"' in html
    assert "<blockquote" in html


@pytest.mark.parametrize(
    "url", ["/articles/no-such-article/", "/articles/no-such/source/", "/articles/no-such/s/1/"]
)
def test_unknown_article_gives_a_proper_404_page(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_unknown_sentence_position_gives_404(client, seeded):
    article = Article.objects.first()
    response = client.get(f"/articles/{article.slug}/s/9999/")
    assert response.status_code == 404
    assert b"Back to the sources" in response.content


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_article_page_query_count_does_not_grow_with_sentences(client):
    small = make_article(5, headline="Small article")
    large = make_article(2000, headline="Large article")
    assert large.sentences.count() >= 2000
    assert _queries(client, large.get_absolute_url()) == _queries(client, small.get_absolute_url())
