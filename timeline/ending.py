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
    """Where the sources of `events` end, in two queries whatever their number: the timeline
    quotes a curated few dozen articles, so their dates are compared here, not in SQL."""
    sourced = events.filter(is_context=False)
    # The timeline's own order, reversed: the line goes after the day the timeline shows last.
    last: Event | None = (
        sourced.order_by(*TIMELINE_ORDER)
        .reverse()
        .only("date", "end_date", "date_precision")
        .first()
    )
    if last is None:
        return None
    quoted = (
        Article.objects.filter(
            pk__in=sourced.values("evidence__sentence__article"), published__isnull=False
        )
        .select_related("outlet")
        .only(
            "slug",
            "published",
            "published_precision",
            "date_doubtful",
            "outlet__name",
        )
        .order_by("-published", "slug")
    )
    dated = list(quoted)
    newest = next((article for article in dated if not article.date_doubtful), None)
    if newest is None:
        return None
    doubtful = [a for a in dated if a.date_doubtful and a.published > newest.published][:3]
    return SourcesEnd(newest=newest, doubtful=doubtful, after_when=last.when)
