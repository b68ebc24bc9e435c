"""How the note form finds evidence: through whatever search a higher app registers.

Notes sit below search (search reads sentences and notes, never the reverse), so the search
app plugs its index in here from its AppConfig.ready(); without it the form falls back to a
plain substring match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from articles.models import Sentence, SentenceKind


@dataclass
class Suggestion:
    """A sentence of another article that reads like the one being annotated."""

    sentence: Sentence
    similarity: float  # 0–1, shown as a percentage
    # Why it is not an independent source ("same outlet", "same wire: AFP", "a copy"); empty
    # when it is.
    not_independent: list[str] = field(default_factory=list)
    # How other notes already tie it to the sentence ("its note cites this sentence").
    linked: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


Finder = Callable[..., list[Sentence]]
Suggester = Callable[..., list[Suggestion]]
_registered: dict[str, Callable] = {}


def register(*, finder: Finder, suggester: Suggester) -> None:
    """Called by the search app: find(query=…, exclude=…, limit=…), suggest(sentence=…, limit=…)."""
    _registered["finder"] = finder
    _registered["suggester"] = suggester


def find(*, query: str, exclude: Sequence[int], limit: int) -> list[Sentence]:
    """Sentences of every article matching what the editor typed, best first."""
    if "finder" in _registered:
        return _registered["finder"](query=query, exclude=exclude, limit=limit)
    return list(
        Sentence.objects.filter(text__icontains=query)
        .exclude(kind=SentenceKind.CHROME)
        .exclude(pk__in=exclude)
        .select_related("article__outlet")
        .order_by("article__published", "article__slug", "position")[:limit]
    )


def suggest(*, sentence: Sentence, limit: int = 5) -> list[Suggestion]:
    """Sentences of other articles most like `sentence`; none without a search index."""
    if "suggester" in _registered:
        return _registered["suggester"](sentence=sentence, limit=limit)
    return []
