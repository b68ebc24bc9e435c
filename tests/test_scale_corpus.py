"""The synthetic corpus for measuring at scale: stored like real articles, resumable."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Sentence, text_sha256
from articles.pages import article_key
from articles.services import ArticleImportError, DuplicateArticle, articles_bulk_import
from desk.management.commands.make_scale_corpus import (
    EVENTS,
    SLUG_PREFIX,
    synthetic_text,
)
from notes.models import Note, Status
from pagecache.models import ContentStamp
from tests.factories import OutletFactory, make_article
from timeline.models import Event, EventEvidence

pytestmark = pytest.mark.django_db


def _make(articles: int) -> str:
    out = io.StringIO()
    call_command("make_scale_corpus", articles=articles, stdout=out)
    return out.getvalue()


def test_synthetic_articles_are_stored_verbatim_with_checksums_and_tiling_sentences():
    _make(3)
    articles = Article.objects.filter(slug__startswith=SLUG_PREFIX)
    assert articles.count() == 3
    for article in articles:
        assert article.sha256 == text_sha256(article.text)
        sentences = list(article.sentences.order_by("position"))
        assert 90 <= len(sentences) <= 110
        previous_end = 0
        for sentence in sentences:
            assert article.text[previous_end : sentence.start].strip() == ""
            assert article.text[sentence.start : sentence.end] == sentence.text
            previous_end = sentence.end
        assert article.text[previous_end:].strip() == ""


def test_synthetic_articles_have_headlines_datelines_body_and_page_chrome():
    _make(1)
    kinds = set(Sentence.objects.values_list("kind", flat=True))
    assert {"headline", "dateline", "body", "chrome"} <= kinds


def test_a_third_of_synthetic_sentences_carry_published_notes_with_claimants():
    _make(2)
    sentences = Sentence.objects.filter(article__slug__startswith=SLUG_PREFIX)
    notes = Note.objects.filter(sentence__in=sentences)
    assert notes.count() == sentences.count() // 3
    assert not notes.exclude(status=Status.PUBLISHED).exists()
    assert not notes.filter(claimant__isnull=True).exists()
    assert not notes.exclude(body_html__startswith="<p>").exists()


def test_some_synthetic_notes_cite_a_sentence_of_another_article():
    _make(3)
    note = Note.objects.filter(evidence__isnull=False).first()
    assert note is not None
    cited = note.evidence.first().sentence
    assert cited.article_id != note.sentence.article_id


def test_synthetic_events_quote_noted_sentences_from_across_the_corpus():
    _make(8)
    events = Event.objects.published()
    assert events.count() == EVENTS
    evidence = EventEvidence.objects.select_related("sentence")
    assert evidence.exists()
    assert not evidence.filter(sentence__note__isnull=True).exists()
    assert evidence.values("sentence__article").distinct().count() == 8


def test_running_again_tops_the_corpus_up_without_duplicates():
    _make(2)
    _make(2)
    assert Article.objects.count() == 2
    _make(4)
    assert Article.objects.count() == 4
    assert Event.objects.count() == EVENTS


def test_existing_articles_count_towards_the_total():
    make_article(3, headline="A real article")
    _make(3)
    assert Article.objects.count() == 3
    assert Article.objects.filter(slug__startswith=SLUG_PREFIX).count() == 2


def test_synthetic_articles_are_stamped_so_their_pages_are_cached(client):
    _make(1)
    article = Article.objects.get(slug__startswith=SLUG_PREFIX)
    assert ContentStamp.objects.filter(key=article_key(article.slug)).exists()
    assert client.get(article.get_absolute_url()).has_header("ETag")


def test_the_command_reports_time_and_peak_memory():
    assert "peak RSS" in _make(1)


def test_synthetic_text_is_the_same_every_time_and_unique_per_number():
    assert synthetic_text(7) == synthetic_text(7)
    assert synthetic_text(7)[1] != synthetic_text(8)[1]


def test_bulk_import_refuses_a_text_already_stored_and_writes_nothing():
    outlet = OutletFactory()
    stored = make_article(3, outlet=outlet)
    batch = [
        Article(slug="new-one", headline="New", outlet=outlet, text="A new text.\n"),
        Article(slug="again", headline="Again", outlet=outlet, text=stored.text),
    ]
    with pytest.raises(DuplicateArticle):
        articles_bulk_import(articles=batch)
    assert not Article.objects.filter(slug="new-one").exists()


def test_bulk_import_refuses_an_empty_text():
    outlet = OutletFactory()
    with pytest.raises(ArticleImportError):
        articles_bulk_import(articles=[Article(slug="x", headline="X", outlet=outlet, text=" ")])
    assert not Article.objects.exists()
