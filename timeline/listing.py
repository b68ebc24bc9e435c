"""The timeline page's read: one page of events with their quotes, grades and notes, as rows.

The page lists every quote of every event, so it reads them with ``values()`` — plain rows,
in a fixed number of queries (events, evidence, notes, the notes' links) — rather than as
model instances: building and linking some seven hundred instances was most of the page's
time. Each event comes out as an EventLine holding what its line, its quotes and the
overview show, with the matching worked out in Python from the same rows: which quotes met
the filters, how many sources, the range of grades. A grade badge or a publication date is
rendered once per distinct value with the site's own partials, not once per quote.

The downloads (TimelineJS, CSV) still read model instances through for_timeline().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from articles.models import (
    Article,
    DateBasis,
    DatePrecision,
    Outlet,
    SourceReliability,
    date_label,
)
from notes.models import Evidence, Note, Relation, Status
from timeline.models import EventEvidence, Role
from timeline.overview import OverviewEvent

EVENT_FIELDS = (
    "pk",
    "is_context",
    "slug",
    "date",
    "end_date",
    "date_precision",
    "title",
    "summary_html",
    "place",
    "status",
    "is_contested",
)
_ARTICLE_FIELDS = (
    "slug",
    "headline",
    "language",
    "published",
    "published_precision",
    "published_basis",
    "date_doubtful",
    "outlet__name",
    "outlet__reliability",
)

_NOTE_FIELDS = (
    "pk",
    "credibility",
    "status",
    "claimant__name",
    "anchor_article__outlet__reliability",
)


@dataclass(frozen=True)
class Filters:
    """The timeline's filters, as TimelineFilterForm cleans them."""

    source: str = ""
    claimant: str = ""
    credibility: int | None = None
    contested: bool = False

    @property
    def per_sentence(self) -> bool:
        """Whether some filter is about one evidence sentence (the rest are about events)."""
        return bool(self.source or self.claimant or self.credibility)

    @property
    def active(self) -> bool:
        return self.per_sentence or self.contested


@dataclass
class NoteLink:
    """A sentence the quote's note says corroborates or contradicts it."""

    relation: str
    relation_label: str
    sentence_id: int | None
    text: str
    url: str
    outlet: str


@dataclass
class Grade:
    """A quote's note, as far as the timeline shows it."""

    code: str  # "B4"
    credibility: int
    published: bool
    claimant: str
    body_html: str
    badge: SafeString
    links: list[NoteLink] = field(default_factory=list)


@dataclass
class Quote:
    """One evidence sentence of an event."""

    role: str
    role_label: str
    text: str
    sentence_id: int | None
    position: str  # the sentence's number, as text ("" when lost)
    url: str  # "" when the sentence was lost in a correction
    article_url: str
    article_slug: str
    headline: str
    outlet: str
    language: str
    published: SafeString  # the article's date, as the site shows it
    grade: Grade | None
    matches: bool = False


@dataclass
class EventLine:
    """One event as the page lists it."""

    pk: int
    slug: str
    title: str
    when: str
    date: dt.date
    end_date: dt.date | None
    precision: str
    place: str
    summary_html: str
    contested: bool
    is_published: bool
    quotes: list[Quote]
    sources: int
    best: Grade | None = None  # lowest credibility digit, then outlet letter
    worst: Grade | None = None
    ungraded: int = 0
    filtered: bool = False
    is_context: bool = False  # outside our sources: background, marked as such
    sources_end_after: bool = False  # the line saying where our sources end follows this one

    @property
    def datetime(self) -> str:
        """For <time datetime>: the month alone when only the month is known."""
        return f"{self.date:%Y-%m}" if self.precision == DatePrecision.MONTH else f"{self.date}"

    @property
    def sources_label(self) -> str:
        return f"{self.sources} source{'' if self.sources == 1 else 's'}"

    @property
    def matched(self) -> list[Quote]:
        return [quote for quote in self.quotes if quote.matches]

    @property
    def others(self) -> list[Quote]:
        return [quote for quote in self.quotes if not quote.matches]

    @property
    def one_grade(self) -> bool:
        return self.best is not None and self.best.code == self.worst.code

    @property
    def grade_range(self) -> str:
        """The best and worst grade quoted, in words ("B2 to E5"), or the one grade."""
        if self.best is None:
            return ""
        return self.best.code if self.one_grade else f"{self.best.code} to {self.worst.code}"

    def overview_event(self) -> OverviewEvent:
        return OverviewEvent(
            slug=self.slug,
            title=self.title,
            when=self.when,
            start=self.date,
            end=self.end_date,
            precision=self.precision,
            contested=self.contested,
            sources=self.sources,
        )


# The badge and the date label are pure functions of a few stored values and the site's own
# partials, so each distinct value is rendered once per process, not once per quote or page.
@lru_cache(maxsize=512)
def _badge(reliability: str | None, credibility: int, status: str) -> SafeString:
    """_grade_badge.html for an unsaved note with just what it reads: grade, status, outlet."""
    note = Note(credibility=credibility, status=status)
    if reliability:
        note.anchor_article = Article(outlet=Outlet(reliability=reliability))
    return render_to_string("_grade_badge.html", {"note": note})


@lru_cache(maxsize=512)
def _published(published: dt.date | None, precision: str, basis: str, doubtful: bool) -> SafeString:
    """_published.html for an unsaved article with just what it reads (the enums too: no
    request, so no context processor, is behind this render)."""
    article = Article(
        published=published,
        published_precision=precision,
        published_basis=basis,
        date_doubtful=doubtful,
    )
    return render_to_string("_published.html", {"article": article, "date_bases": DateBasis})


def _url(name: str, slug: str, key: str = "") -> str:
    """reverse() for an article or a sentence address, remembered: a page quoting sixty
    sentences would otherwise spend a tenth of its time here."""
    return _reversed(get_script_prefix(), name, slug, key)


@lru_cache(maxsize=8192)
def _reversed(prefix: str, name: str, slug: str, key: str) -> str:
    """Pure for the site's URLconf and the script prefix the address is served under."""
    return reverse(name, kwargs={"slug": slug, **({"key": key} if key else {})})


def _links_by_note(note_ids: set[int], *, full: bool) -> dict[int, list[NoteLink]]:
    links: dict[int, list[NoteLink]] = {}
    if not note_ids:
        return links
    detail = ("sentence__text", "sentence__position", "sentence__key", "sentence__article__slug")
    rows = (
        Evidence.objects.filter(note_id__in=note_ids)
        .order_by("pk")
        .values(
            "note_id",
            "relation",
            "sentence_id",
            "quote_exact",
            *(detail + ("sentence__article__outlet__name",) if full else ()),
        )
    )
    labels = dict(Relation.choices)
    for row in rows:
        url = ""
        if full and row["sentence_id"]:
            url = _url("articles:sentence", row["sentence__article__slug"], row["sentence__key"])
        links.setdefault(row["note_id"], []).append(
            NoteLink(
                relation=row["relation"],
                relation_label=labels.get(row["relation"], row["relation"]),
                sentence_id=row["sentence_id"],
                text=(row.get("sentence__text") or row["quote_exact"]) if full else "",
                url=url,
                outlet=row.get("sentence__article__outlet__name") or "",
            )
        )
    return links


def _quote_matches(quote: Quote, filters: Filters) -> bool:
    """Whether this sentence meets every per-sentence filter (as EventQuerySet.matching())."""
    if quote.sentence_id is None:
        return False
    if filters.source and quote.article_slug != filters.source:
        return False
    grade = quote.grade
    if filters.claimant and not (grade and grade.claimant == filters.claimant):
        return False
    return not (filters.credibility and not (grade and grade.credibility == filters.credibility))


def _contradicted(quotes: list[Quote]) -> set[int]:
    """Evidence sentences of one event whose published notes contradict one another."""
    ids = {quote.sentence_id for quote in quotes if quote.sentence_id}
    found: set[int] = set()
    for quote in quotes:
        if quote.grade is None or not quote.grade.published:
            continue
        for link in quote.grade.links:
            if link.relation == Relation.CONTRADICTS and link.sentence_id in ids:
                found.update({quote.sentence_id, link.sentence_id})
    return found


def _mark_matches(line: EventLine, filters: Filters) -> None:
    line.filtered = filters.active
    if filters.per_sentence:
        for quote in line.quotes:
            quote.matches = _quote_matches(quote, filters)
    elif filters.contested:
        contradicted = _contradicted(line.quotes)
        for quote in line.quotes:
            quote.matches = quote.role == Role.DISPUTES or quote.sentence_id in contradicted


def event_lines(
    events: Iterable[dict],
    *,
    filters: Filters,
    include_draft_notes: bool = False,
    full: bool = False,
) -> list[EventLine]:
    """EventLines for rows of ``EventQuerySet.with_contested().values(*EVENT_FIELDS)``, in
    their order; `full` also reads the notes' text and their linked sentences."""
    events = list(events)
    # Each quote with its sentence, article, outlet and the sentence's note, in one query;
    # a draft note is dropped here unless the reader may see drafts.
    note = "sentence__note__"
    evidence = list(
        EventEvidence.objects.filter(event_id__in=[row["pk"] for row in events])
        .order_by("event_id", "order", "pk")
        .values(
            "event_id",
            "role",
            "quote_exact",
            "sentence_id",
            "sentence__text",
            "sentence__position",
            "sentence__key",
            *(f"sentence__article__{name}" for name in _ARTICLE_FIELDS),
            *(f"anchor_article__{name}" for name in _ARTICLE_FIELDS),
            *(note + name for name in _NOTE_FIELDS),
            *((note + "body_html",) if full else ()),
        )
    )
    for row in evidence:
        if row[note + "pk"] and not (
            include_draft_notes or row[note + "status"] == Status.PUBLISHED
        ):
            row[note + "pk"] = None
    # The notes' links are quoted in the full view; the compact one needs them only to tell
    # which quotes contradict each other, under the contested filter.
    linked = {row[note + "pk"] for row in evidence if row[note + "pk"]}
    links = _links_by_note(linked, full=full) if full or filters.contested else {}
    roles = dict(Role.choices)
    quotes_of: dict[int, list[Quote]] = {}
    for row in evidence:
        prefix = "sentence__article__" if row["sentence_id"] else "anchor_article__"
        slug = row[prefix + "slug"] or ""
        grade = None
        if row[note + "pk"]:
            reliability = row[note + "anchor_article__outlet__reliability"]
            credibility, status = row[note + "credibility"], row[note + "status"]
            grade = Grade(
                code=f"{reliability or SourceReliability.F}{credibility}",
                credibility=credibility,
                published=status == Status.PUBLISHED,
                claimant=row[note + "claimant__name"] or "",
                body_html=row.get(note + "body_html", ""),
                badge=_badge(reliability, credibility, status),
                links=links.get(row[note + "pk"], []),
            )
        position = row["sentence__position"]
        quotes_of.setdefault(row["event_id"], []).append(
            Quote(
                role=row["role"],
                role_label=roles.get(row["role"], row["role"]),
                text=row["sentence__text"] if row["sentence_id"] else row["quote_exact"],
                sentence_id=row["sentence_id"],
                position=str(position) if row["sentence_id"] else "",
                url=_url("articles:sentence", slug, row["sentence__key"])
                if row["sentence_id"]
                else "",
                article_url=_url("articles:detail", slug) if slug else "",
                article_slug=slug,
                headline=row[prefix + "headline"] or "",
                outlet=row[prefix + "outlet__name"] or "",
                language=row[prefix + "language"] or "",
                published=_published(
                    row[prefix + "published"],
                    row[prefix + "published_precision"],
                    row[prefix + "published_basis"],
                    row[prefix + "date_doubtful"],
                )
                if slug
                else SafeString(""),
                grade=grade,
            )
        )
    lines = []
    for row in events:
        quotes = quotes_of.get(row["pk"], [])
        graded = sorted(
            (quote.grade for quote in quotes if quote.grade),
            key=lambda grade: (grade.credibility, grade.code),
        )
        line = EventLine(
            pk=row["pk"],
            slug=row["slug"],
            title=row["title"],
            when=date_label(row["date"], row["end_date"], row["date_precision"]),
            date=row["date"],
            end_date=row["end_date"],
            precision=row["date_precision"],
            place=row["place"],
            summary_html=row["summary_html"],
            contested=bool(row["is_contested"]),
            is_published=row["status"] == Status.PUBLISHED,
            quotes=quotes,
            sources=len({quote.article_slug for quote in quotes if quote.article_slug}),
            best=graded[0] if graded else None,
            worst=graded[-1] if graded else None,
            ungraded=len(quotes) - len(graded),
            is_context=bool(row.get("is_context")),
        )
        _mark_matches(line, filters)
        lines.append(line)
    return lines
