from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.freshness import TIMELINE, public_page
from timeline.models import Event


@public_page(TIMELINE)
def timeline(request: HttpRequest) -> HttpResponse:
    """The annotated timeline of the standoff (placeholder until events are built)."""
    events = Event.objects.published().order_by("date")
    return render(request, "timeline/timeline.html", {"events": events})
