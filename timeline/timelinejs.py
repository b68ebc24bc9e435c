"""The timeline as TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

A document TimelineJS3 loads as it is: `events` are slide objects with a `start_date` date
object ({year, month, day} as numbers; no day when only the month is known), a `text` object
whose `text` is HTML quoting the evidence with outlet and grade, and a `group` that says
whether the event is contested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.http import HttpRequest
from django.template.loader import render_to_string

from articles.models import DatePrecision
from pagecache.origin import public_origin
from timeline.models import Event, Role

TITLE = "The Panjshir standoff, August–September 2021"
INTRO = (
    "<p>Events of the standoff between the Taliban and the National Resistance Front, each "
    "backed by quoted sentences from the Reading Room's sources, with their Admiralty grades.</p>"
)


def date_object(date: dt.date, precision: str, display_date: str = "") -> dict:
    """A TimelineJS date object; the day is left out when only the month is known."""
    value: dict = {"year": date.year, "month": date.month}
    if precision != DatePrecision.MONTH:
        value["day"] = date.day
    if display_date:
        value["display_date"] = display_date
    return value


def event_group(event: Event) -> str:
    """The row an event goes in: contested first, then one side's word, then reported."""
    if event.is_context:
        return "Context, outside our sources"
    if event.is_contested:
        return "Contested"
    roles = {item.role for item in event.evidence.all()}
    if roles == {Role.CLAIMS}:
        return "Claimed by one side"
    return "Reported"


def event_slide(event: Event, *, request: HttpRequest) -> dict:
    """One event as a TimelineJS slide object (needs EventQuerySet.for_timeline())."""
    slide = {
        "unique_id": event.slug,
        "start_date": date_object(event.date, event.date_precision),
        "display_date": event.when,
        "text": {
            "headline": event.title,
            "text": render_to_string(
                # Links on the public origin, never the Host the request happened to name.
                "timeline/timeline_export.html",
                {"event": event, "public_origin": public_origin()},
            ),
        },
        "group": event_group(event),
        "autolink": False,
    }
    if event.end_date and event.end_date != event.date:
        slide["end_date"] = date_object(event.end_date, event.date_precision)
    return slide


def timeline_document(events: Iterable[Event], *, request: HttpRequest) -> dict:
    """The whole TimelineJS3 document: a title slide and one slide per event."""
    return {
        "title": {"text": {"headline": TITLE, "text": INTRO}},
        "events": [event_slide(event, request=request) for event in events],
    }
