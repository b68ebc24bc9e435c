from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from timeline.models import Event


def timeline(request: HttpRequest) -> HttpResponse:
    """The annotated timeline of the standoff (placeholder until events are built)."""
    events = Event.objects.published().order_by("date")
    return render(request, "timeline/timeline.html", {"events": events})
