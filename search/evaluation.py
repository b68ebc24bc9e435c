"""How well the note form's suggestions find what editors actually linked."""

from __future__ import annotations

from dataclasses import dataclass, field

from notes.models import Evidence, Relation
from search.similar import suggestions_for

TOP = 5


@dataclass
class SuggestionScore:
    """Of the links editors made to sentences of other articles, how many were suggested."""

    found: int = 0
    total: int = 0
    missed: list[Evidence] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


def suggestion_score(*, top: int = TOP) -> SuggestionScore:
    """Score the suggestions against every corroborating or contradicting link in the notes."""
    score = SuggestionScore()
    links = (
        Evidence.objects.filter(
            relation__in=[Relation.CORROBORATES, Relation.CONTRADICTS],
            sentence__isnull=False,
            note__sentence__isnull=False,
        )
        .select_related("note__sentence__article__outlet", "sentence__article")
        .order_by("note_id", "id")
    )
    cache: dict[int, set[int]] = {}
    for link in links:
        annotated = link.note.sentence
        if link.sentence.article_id == annotated.article_id:
            continue  # suggestions are of other articles
        if annotated.pk not in cache:
            cache[annotated.pk] = {
                s.sentence.pk for s in suggestions_for(sentence=annotated, limit=top)
            }
        score.total += 1
        if link.sentence_id in cache[annotated.pk]:
            score.found += 1
        else:
            score.missed.append(link)
    return score
