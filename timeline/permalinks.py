"""Events' permanent addresses, and what the timeline tells a sentence page.

`/timeline/e/<slug>/` finds the page of the timeline the event falls on today (pages move as
events are added) and sends the reader to it at the event's anchor. The sentence page lists
the events quoting a sentence through notes.backlinks, registered from TimelineConfig.ready.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from articles.models import Sentence
from notes.backlinks import Backlink
from timeline.models import TIMELINE_ORDER, Event, EventEvidence

# The timeline's page size (timeline.views.EVENTS_PER_PAGE), imported there from here.
EVENTS_PER_PAGE = 20
# The order the timeline lists events in (EventQuerySet.for_timeline).


def event_page_number(event: Event, user) -> int:
    """The page of the unfiltered timeline, as `user` sees it, that shows `event`."""
    slugs = list(
        Event.objects.visible_to(user).order_by(*TIMELINE_ORDER).values_list("slug", flat=True)
    )
    index = slugs.index(event.slug) if event.slug in slugs else 0
    return index // EVENTS_PER_PAGE + 1


def event_permalink(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's permanent address: to the timeline page it falls on, at its anchor."""
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    page = event_page_number(event, request.user)
    query = f"?page={page}" if page > 1 else ""
    response = redirect(f"{reverse('timeline:index')}{query}#{event.slug}")
    response["Cache-Control"] = "no-cache"
    return response


def event_backlinks(sentence: Sentence, user) -> list[Backlink]:
    """Events quoting `sentence`; drafts only for those who see draft events."""
    evidence = (
        EventEvidence.objects.filter(sentence=sentence, event__in=Event.objects.visible_to(user))
        .select_related("event")
        .order_by(*(f"event__{field}" for field in TIMELINE_ORDER), "pk")
    )
    return [
        Backlink(
            kind="event",
            title=item.event.title,
            url=item.event.get_absolute_url(),
            relation=item.get_role_display().split(" (")[0].lower(),
            is_draft=not item.event.is_published,
            detail=item.event.when,
        )
        for item in evidence
    ]
