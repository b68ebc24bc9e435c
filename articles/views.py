"""Public reading pages: thin views over QuerySets; templates do the presentation."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.freshness import INDEX, article_of_url, public_page
from articles.models import Article, Sentence
from articles.reading import paragraphs

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
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The article as readable text; page chrome only when asked for the page as captured."""
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    sentences = list(Sentence.objects.for_article(article))
    show_captured = request.GET.get("as") == "captured"
    blocks = paragraphs(article.text, sentences)
    chrome_count = sum(1 for s in sentences if s.kind == "chrome")
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "paragraphs": blocks,
            "show_captured": show_captured,
            "chrome_count": chrome_count,
        },
    )


@public_page(article_of_url)
def article_source(request: HttpRequest, slug: str) -> HttpResponse:
    """The verbatim record and its provenance, plain and exact."""
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    return render(request, "articles/article_source.html", {"article": article})


@public_page(article_of_url)
def sentence_detail(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    """One sentence, quoted, with the sentences around it."""
    sentence = get_object_or_404(
        Sentence.objects.select_related("article__outlet"), article__slug=slug, position=position
    )
    # Through the article's related manager, so each neighbour's link reuses the article
    # already loaded instead of fetching it again.
    nearby = sentence.article.sentences.filter(
        position__gte=position - 2, position__lte=position + 2
    ).order_by("position")
    before = [s for s in nearby if s.position < position]
    after = [s for s in nearby if s.position > position]
    return render(
        request,
        "articles/sentence_detail.html",
        {"sentence": sentence, "article": sentence.article, "before": before, "after": after},
    )
