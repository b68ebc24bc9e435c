"""What cites a sentence, for its page: notes here, and whatever the layers above register.

The sentence page lists every note that cites the sentence as evidence and every event that
quotes it. Events belong to the timeline, which sits above the notes, so the timeline
registers a provider here (from its AppConfig.ready) rather than the page importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from articles.models import Sentence
from notes.models import Evidence, Status, sees_drafts


@dataclass(frozen=True)
class Backlink:
    """One thing citing a sentence: what it is, how it cites it, where it is."""

    kind: str  # "note", "event"
    title: str
    url: str
    relation: str = ""  # "corroborates", "contradicts", "reports", …
    is_draft: bool = False
    detail: str = ""  # a line of context: the cited note's outlet, the event's date


# A provider answers, in a fixed number of queries, the backlinks of one sentence for one user.
BacklinkProvider = Callable[[Sentence, object], list[Backlink]]

_providers: list[BacklinkProvider] = []


def backlink_provider_add(provider: BacklinkProvider) -> None:
    """List what `provider` finds on every sentence page (once, however often registered)."""
    if provider not in _providers:
        _providers.append(provider)


def backlinks_for(sentence: Sentence, user) -> list[Backlink]:
    """Everything citing `sentence` that `user` may see: one query per provider."""
    found: list[Backlink] = []
    for provider in _providers:
        found.extend(provider(sentence, user))
    return found


def note_backlinks(sentence: Sentence, user) -> list[Backlink]:
    """Notes citing `sentence` as evidence, with the relation; drafts only for editors."""
    evidence = (
        Evidence.objects.filter(sentence=sentence, note__sentence__isnull=False)
        .select_related("note__sentence__article__outlet")
        .defer("note__sentence__article__text")
        .order_by("note__sentence__article__published", "note__sentence__article__slug", "pk")
    )
    if not sees_drafts(user):
        evidence = evidence.filter(note__status=Status.PUBLISHED)
    links = []
    for item in evidence:
        cited_from = item.note.sentence
        links.append(
            Backlink(
                kind="note",
                title=cited_from.text,
                url=cited_from.get_absolute_url(),
                relation=item.get_relation_display().lower(),
                is_draft=item.note.status == Status.DRAFT,
                detail=f"{cited_from.article.outlet.name}: {cited_from.article.headline}",
            )
        )
    return links
