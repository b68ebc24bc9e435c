"""Where the timeline's sources end, so no reader takes silence for an outcome.

After the last event our sources report, the timeline says plainly when the newest of them was
published; a later date that is itself in doubt is named as such, not taken as the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import Article
from timeline.models import TIMELINE_ORDER, Event, EventQuerySet


@dataclass(frozen=True)
class SourcesEnd:
    """The newest source whose date stands, newer ones whose date is in doubt, and the date
    label of the last sourced event (the timeline puts the line after that day)."""

    newest: Article
    doubtful: list[Article]
    after_when: str


def sources_end(events: EventQuerySet) -> SourcesEnd | None:
    """Where the sources of `events` end (three queries, whatever their number)."""
    sourced = events.filter(is_context=False)
    # The timeline's own order, reversed: the line goes after the day the timeline shows last.
    last: Event | None = sourced.order_by(*TIMELINE_ORDER).reverse().first()
    if last is None:
        return None
    quoted = (
        Article.objects.filter(sentences__event_evidence__event__in=sourced)
        .exclude(published__isnull=True)
        .select_related("outlet")
        .defer("text")
        .distinct()
        .order_by("-published", "slug")
    )
    newest = quoted.filter(date_doubtful=False).first()
    if newest is None:
        return None
    doubtful = list(quoted.filter(date_doubtful=True, published__gt=newest.published)[:3])
    return SourcesEnd(newest=newest, doubtful=doubtful, after_when=last.when)
