"""The benchmark's baseline view, mounted only when DJANGO_BENCH=1."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def hello(request: HttpRequest) -> HttpResponse:
    """The ceiling of the stack: the full middleware chain, no database, no template."""
    return HttpResponse(b"hello\n", content_type="text/plain; charset=utf-8")


def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """The note form's suggestions for one sentence, alone: what they cost an editor's page.

    The note form itself needs a signed-in editor and a CSRF token, which wrk does not carry.
    """
    from django.shortcuts import get_object_or_404

    from articles.models import Sentence
    from notes import evidence_search

    sentence = get_object_or_404(Sentence.objects.select_related("article__outlet"), pk=pk)
    found = evidence_search.suggest(sentence=sentence)
    body = "".join(f"{s.percent}% {s.sentence.pk}\n" for s in found)
    return HttpResponse(body.encode(), content_type="text/plain; charset=utf-8")
