"""Pages of sources alone: the index of the reading room and an article's verbatim record.

The pages that show sentences with their notes live in the notes app, which sits above this.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from articles.pages import INDEX, article_of_url
from pagecache.http import public_page

# Sources per page of the index: the page costs the same with five sources or ten thousand.
SOURCES_PER_PAGE = 25


@public_page(INDEX)
def index(request: HttpRequest) -> HttpResponse:
    """The reading room: what it is, and the sources it holds."""
    page = Paginator(Article.objects.for_index(), SOURCES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "articles/index.html", {"articles": page, "page": page})


@public_page(article_of_url)
def article_source(request: HttpRequest, slug: str) -> HttpResponse:
    """The verbatim record and its provenance, plain and exact."""
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    return render(request, "articles/article_source.html", {"article": article})
