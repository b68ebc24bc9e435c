"""Which public pages show the timeline's events, for the page cache's stamps."""

from __future__ import annotations

from articles.models import Article
from articles.pages import article_keys_of
from notes.models import Note
from pagecache.stamps import follow
from timeline.models import Event, EventEvidence

TIMELINE = "timeline"


def event_pages(event: Event) -> set[str]:
    """Pages that show `event`: the timeline, and the articles its evidence quotes."""
    ids: set[int | None] = set()
    if event.pk:
        for sentence_article, anchor_article in EventEvidence.objects.filter(
            event=event
        ).values_list("sentence__article_id", "anchor_article_id"):
            ids.update((sentence_article, anchor_article))
    return {TIMELINE, *article_keys_of(ids)}


def _evidence_pages(evidence: EventEvidence) -> set[str]:
    ids = {evidence.anchor_article_id, evidence.sentence and evidence.sentence.article_id}
    return event_pages(evidence.event) | article_keys_of(ids)


def follow_timeline() -> None:
    """Register events with the page cache (from AppConfig.ready)."""
    follow(Event, event_pages)
    follow(EventEvidence, _evidence_pages)
    # The timeline quotes sentences with their notes, and names their articles.
    follow(Note, lambda note: {TIMELINE})
    follow(Article, lambda article: {TIMELINE})
