"""Pieces of a page that are pure functions of a few stored values: an article's publication
date as shown and the addresses of articles and sentences, each rendered once per distinct
value per process.

Lists that show many of them (the timeline's quotes, the search hits) otherwise spend much of
their time in the template engine and in reverse(); the values are few and the output depends
on nothing else, so nothing can be stale.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from articles.models import Article, DateBasis


@lru_cache(maxsize=512)
def published_html(
    published: dt.date | None, precision: str, basis: str, doubtful: bool
) -> SafeString:
    """_published.html for these values (the enums too: no request, so no context processor,
    is behind this render)."""
    article = Article(
        published=published,
        published_precision=precision,
        published_basis=basis,
        date_doubtful=doubtful,
    )
    return render_to_string("_published.html", {"article": article, "date_bases": DateBasis})


def address(name: str, slug: str, key: str = "") -> str:
    """reverse() for an article ("articles:detail") or a sentence ("articles:sentence")."""
    return _reversed(get_script_prefix(), name, slug, key)


@lru_cache(maxsize=8192)
def _reversed(prefix: str, name: str, slug: str, key: str) -> str:
    """Pure for the site's URLconf and the script prefix the address is served under."""
    return reverse(name, kwargs={"slug": slug, **({"key": key} if key else {})})
