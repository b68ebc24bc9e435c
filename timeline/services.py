"""Writes on the timeline: saving an event and linking its evidence.

Evidence is always anchored by quote (quote_anchor_for), so a link survives re-segmentation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from articles.models import DatePrecision, Sentence
from articles.services import quote_anchor_for
from articles.slugs import unique_slug
from articles.writes import write_announce
from notes.markup import render_markdown
from notes.models import Status
from timeline.models import Event, EventEvidence


class EvidenceAlreadyLinked(ValueError):
    """The sentence already backs this event."""

    def __init__(self, event: Event):
        super().__init__(f"This sentence already backs “{event.title}”.")


def evidence_already_linked(*, event: Event, sentence: Sentence) -> bool:
    """The rule event_evidence_add keeps (forms ask it too): a sentence backs an event once."""
    return event.evidence.filter(sentence=sentence).exists()


def event_slug(*, title: str, date: dt.date) -> str:
    """A readable, unique slug: the date, then the title."""
    return unique_slug(Event, f"{date:%Y-%m-%d} {title}", fallback="event")


@transaction.atomic
def event_save(*, event: Event, editor=None) -> Event:
    """Save an event: render and sanitise its summary, stamp who published it and when."""
    event.summary_html = render_markdown(event.summary)
    if not event.slug:
        event.slug = event_slug(title=event.title, date=event.date)
    if event.pk is None and event.created_by is None:
        event.created_by = editor
    if event.status == Status.PUBLISHED and event.published_at is None:
        event.published_at = timezone.now()
        event.published_by = editor
    elif event.status == Status.DRAFT:
        event.published_at = event.published_by = None
    created = event.pk is None
    event.save()
    write_announce(
        action="event.change",
        target=event,
        summary=f"{'Created' if created else 'Saved'} “{event.title}” ({event.when}), "
        f"{event.status}",
        editor=editor,
    )
    return event


def evidence_anchor(evidence: EventEvidence) -> EventEvidence:
    """Copy the sentence's quote anchor onto an evidence link (not saved)."""
    for field, value in quote_anchor_for(evidence.sentence).items():
        setattr(evidence, field, value)
    return evidence


@transaction.atomic
def event_evidence_add(*, event: Event, sentence: Sentence, role: str) -> EventEvidence:
    """Link a sentence to an event in a role, after the evidence it already has."""
    if evidence_already_linked(event=event, sentence=sentence):
        raise EvidenceAlreadyLinked(event)
    last = event.evidence.order_by("-order").values_list("order", flat=True).first()
    evidence = EventEvidence(event=event, sentence=sentence, role=role, order=(last or 0) + 1)
    evidence_anchor(evidence).save()
    write_announce(
        action="event.evidence",
        target=event,
        summary=f"Sentence {sentence} linked as {evidence.get_role_display()}",
    )
    return evidence


@transaction.atomic
def event_evidence_update(
    *, saved: Iterable[EventEvidence], removed: Iterable[EventEvidence] = ()
) -> None:
    """Store edited evidence links (each anchored by its quote) and delete removed ones."""
    for evidence in removed:
        evidence.delete()
    for evidence in saved:
        if evidence.sentence_id:
            evidence_anchor(evidence)
        evidence.save()


@transaction.atomic
def event_create_from_sentence(
    *,
    sentence: Sentence,
    editor,
    role: str,
    title: str,
    date: dt.date,
    end_date: dt.date | None = None,
    date_precision: str = DatePrecision.DAY,
    place: str = "",
    summary: str = "",
) -> Event:
    """A new draft event with `sentence` as its first evidence."""
    event = event_save(
        event=Event(
            title=title,
            date=date,
            end_date=end_date,
            date_precision=date_precision,
            place=place,
            summary=summary,
            status=Status.DRAFT,
        ),
        editor=editor,
    )
    event_evidence_add(event=event, sentence=sentence, role=role)
    return event
