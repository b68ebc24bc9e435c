"""The benchmark's baseline view, mounted only when DJANGO_BENCH=1."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def hello(request: HttpRequest) -> HttpResponse:
    """The ceiling of the stack: the full middleware chain, no database, no template."""
    return HttpResponse(b"hello\n", content_type="text/plain; charset=utf-8")
