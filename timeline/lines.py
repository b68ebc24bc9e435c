"""What the timeline page shows of each event, as plain rows: its line, its quotes with their
grades and their notes' links, and which of them met the filters (worked out in Python from
the rows timeline.listing reads, so filtering costs no query of its own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from articles.models import DatePrecision
from notes.models import Relation
from timeline.models import Role
from timeline.overview import OverviewEvent


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


def quote_matches(quote: Quote, filters: Filters) -> bool:
    """Whether this sentence meets every per-sentence filter (as EventQuerySet.matching())."""
    if quote.sentence_id is None:
        return False
    if filters.source and quote.article_slug != filters.source:
        return False
    grade = quote.grade
    if filters.claimant and not (grade and grade.claimant == filters.claimant):
        return False
    return not (filters.credibility and not (grade and grade.credibility == filters.credibility))


def contradicted_in(quotes: list[Quote]) -> set[int]:
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


def matches_mark(line: EventLine, filters: Filters) -> None:
    line.filtered = filters.active
    if filters.per_sentence:
        for quote in line.quotes:
            quote.matches = quote_matches(quote, filters)
    elif filters.contested:
        contradicted = contradicted_in(line.quotes)
        for quote in line.quotes:
            quote.matches = quote.role == Role.DISPUTES or quote.sentence_id in contradicted
