"""Writes on the timeline: saving an event, linking evidence, loading the starter events.

Evidence is always anchored by quote (quote_anchor_for), so a link survives re-segmentation.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import freshness
from articles.markup import render_markdown
from articles.models import Article, DatePrecision, Sentence, Status
from articles.services import FIXTURES_DIR, QuoteNotFound, quote_anchor_for, sentence_for_quote
from articles.writes import write_announce
from timeline.models import Event, EventEvidence, Role


class EvidenceAlreadyLinked(ValueError):
    """The sentence already backs this event."""


class StarterEventsError(QuoteNotFound):
    """fixtures/events.json cannot be loaded as written; the message lists every problem."""


def event_slug(*, title: str, date: dt.date) -> str:
    """A readable, unique slug: the date, then the title."""
    base = f"{date:%Y-%m-%d}-{slugify(title)}"[:180].rstrip("-")
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def event_save(*, event: Event, editor=None) -> Event:
    """Save an event: render and sanitise its summary, stamp who published it and when."""
    shown_before = freshness.event_keys(event) if event.pk else set()
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
    freshness.event_changed(event=event, before=shown_before)
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
    if event.evidence.filter(sentence=sentence).exists():
        raise EvidenceAlreadyLinked(f"This sentence already backs “{event.title}”.")
    last = event.evidence.order_by("-order").values_list("order", flat=True).first()
    evidence = EventEvidence(event=event, sentence=sentence, role=role, order=(last or 0) + 1)
    evidence_anchor(evidence).save()
    freshness.event_changed(event=event)
    write_announce(
        action="event.evidence",
        target=event,
        summary=f"Sentence {sentence} linked as {evidence.get_role_display()}",
    )
    return evidence


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


def _starter_row_problems(row: dict, index: int) -> list[str]:
    where = f"event {index + 1} ({row.get('slug') or 'no slug'})"
    problems = []
    for key in ("slug", "date", "title"):
        if not row.get(key):
            problems.append(f"{where}: {key} is missing")
    for key in ("date", "end_date"):
        if row.get(key):
            try:
                dt.date.fromisoformat(row[key])
            except (TypeError, ValueError):
                problems.append(f"{where}: {key} is not a YYYY-MM-DD date: {row[key]!r}")
    if row.get("date_precision", DatePrecision.DAY) not in DatePrecision.values:
        problems.append(f"{where}: unknown date_precision {row['date_precision']!r}")
    if not row.get("evidence"):
        problems.append(f"{where}: no evidence; every event needs at least one sentence")
    return problems


def _starter_evidence(row: dict, index: int, articles: dict[str, Article]):
    """(sentence, role) pairs for a row, and the problems found resolving its quotes."""
    where = f"event {index + 1} ({row.get('slug') or 'no slug'})"
    pairs, problems = [], []
    for link in row.get("evidence") or []:
        article = articles.get(link.get("article", ""))
        role = link.get("role", Role.REPORTS)
        if article is None:
            problems.append(f"{where}: no article with slug {link.get('article')!r}")
            continue
        if role not in Role.values:
            problems.append(f"{where}: unknown role {role!r}")
            continue
        try:
            pairs.append((sentence_for_quote(article, link.get("quote", "")), role))
        except QuoteNotFound as error:
            problems.append(f"{where}: {error}")
    return pairs, problems


@transaction.atomic
def starter_events_load(*, fixtures_dir: Path = FIXTURES_DIR) -> list[str]:
    """Load fixtures/events.json as published events, anchored by quote; safe to run twice.

    Events are matched by slug and updated; their evidence is replaced. Any quote that cannot
    be found (or any other bad row) is reported together with every other problem, and nothing
    is stored (StarterEventsError). Returns the slugs loaded.
    """
    path = fixtures_dir / "events.json"
    if not path.exists():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))
    articles = {a.slug: a for a in Article.objects.all()}
    problems: list[str] = []
    resolved = []
    for index, row in enumerate(rows):
        row_problems = _starter_row_problems(row, index)
        pairs, evidence_problems = _starter_evidence(row, index, articles)
        problems += row_problems + evidence_problems
        resolved.append((row, pairs))
    slugs = [row.get("slug") for row in rows]
    problems += [
        f"slug {s!r} is used more than once"
        for s in sorted({s for s in slugs if s and slugs.count(s) > 1})
    ]
    if problems:
        raise StarterEventsError(
            "fixtures/events.json: "
            + str(len(problems))
            + " problem(s):\n  "
            + "\n  ".join(problems)
        )
    loaded = []
    for row, pairs in resolved:
        event = Event.objects.filter(slug=row["slug"]).first() or Event(slug=row["slug"])
        event.date = dt.date.fromisoformat(row["date"])
        event.end_date = dt.date.fromisoformat(row["end_date"]) if row.get("end_date") else None
        event.date_precision = row.get("date_precision", DatePrecision.DAY)
        event.title = row["title"]
        event.summary = row.get("summary", "")
        event.place = row.get("place", "")
        event.status = Status.PUBLISHED
        event_save(event=event)
        event.evidence.all().delete()
        EventEvidence.objects.bulk_create(
            evidence_anchor(EventEvidence(event=event, sentence=sentence, role=role, order=n))
            for n, (sentence, role) in enumerate(pairs, start=1)
        )
        freshness.event_changed(event=event)
        loaded.append(event.slug)
    return loaded
