"""Which public pages show sources and sentences, for the page cache's stamps.

An article's pages (detail, source record, sentence pages) share the stamp ``article:<slug>``;
the index has its own. Apps above register what else shows an article (notes citing it, the
timeline quoting it) with pagecache.stamps.follow, and `article_changed` asks them all.
"""

from __future__ import annotations

from collections.abc import Iterable

from articles.models import Article, ArticleRevision, Outlet, Sentence
from pagecache.stamps import SITE, follow, pages_of, stamps_bump

INDEX = "index"


def article_key(slug: str) -> str:
    """The stamp of everything shown on an article's pages (detail, source, sentences)."""
    return f"article:{slug}"


def article_of_url(*, slug: str, **_: object) -> str:
    """For @public_page: the article stamp named by the URL's ``slug``."""
    return article_key(slug)


def article_keys_of(article_ids: Iterable[int | None]) -> set[str]:
    """The stamps of the articles with these ids (None and repeats ignored), in one query."""
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return set()
    return {
        article_key(slug)
        for slug in Article.objects.filter(pk__in=ids).values_list("slug", flat=True)
    }


def article_changed(*, article: Article, old_slug: str = "") -> None:
    """An article's text, provenance or sentences changed (import, correction, new slug).

    Every page showing it is refreshed: its own, the index, and whatever the layers above
    registered (notes elsewhere citing its sentences, the timeline).
    """
    keys = pages_of(article)
    if old_slug:
        keys.add(article_key(old_slug))
    stamps_bump(keys)


def _article_pages(article: Article) -> Iterable[str]:
    return {article_key(article.slug), INDEX}


def _sentence_pages(sentence: Sentence) -> Iterable[str]:
    return pages_of(sentence.article)


def follow_sources() -> None:
    """Register sources and sentences with the page cache (from AppConfig.ready)."""
    follow(Article, _article_pages)
    follow(ArticleRevision, lambda revision: {article_key(revision.article.slug)})
    # Sentences go with their article in bulk (re-segmentation, deletion): their saves are
    # followed, their deletions are covered by the article's own stamps.
    follow(Sentence, _sentence_pages, deletes=False)
    # An outlet's name and grade show on every page that shows one of its articles.
    follow(Outlet, lambda outlet: {SITE})
