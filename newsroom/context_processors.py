"""What every template may read: the choice enums, so no template spells a stored value."""

from __future__ import annotations

from django.http import HttpRequest

from articles.models import DateBasis, SentenceKind
from notes.models import Credibility, Relation, Status


def choices(request: HttpRequest) -> dict[str, object]:
    """`kinds.CHROME`, `relations.choices`, … in templates (Django's enums are not called)."""
    return {
        "kinds": SentenceKind,
        "date_bases": DateBasis,
        "relations": Relation,
        "statuses": Status,
        "credibilities": Credibility,
    }
