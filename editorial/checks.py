"""The editorial checks: faults in published notes and events that the product can see.

Each check reads what readers see (published notes on sentences, published events that rest on
sources) and returns findings, each with a link to the sentence or event at fault. Everything
is loaded in a fixed number of queries and checked in memory, so the page costs the same number
of queries however many notes and events there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from articles.models import Article, DatePrecision
from editorial import wording
from notes.independence import (
    Cited,
    Origin,
    cited_label,
    independence_problems,
    is_caption,
    reader_date,
)
from notes.models import Evidence, Note, Relation
from timeline.models import Event, EventEvidence, Role

# An article describes what happened up to about a month before it was published ("last
# month", "a week ago"); an event dated earlier than that has no basis in it.
LOOKBACK = dt.timedelta(days=31)
# "About 23 August" may be a day or two later; "August" runs to its end.
APPROXIMATE_SLACK = dt.timedelta(days=3)


@dataclass(frozen=True)
class Finding:
    """One fault: which check found it, what it is, and where to fix it."""

    check: str
    message: str
    url: str


@dataclass(frozen=True)
class Check:
    slug: str
    title: str
    run: Callable[[Corpus], Iterable[Finding]]


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


class Corpus:
    """Published notes and events, loaded once, with what the checks need attached."""

    def __init__(self) -> None:
        cited = Evidence.objects.select_related("sentence__article__outlet").defer(
            "sentence__article__text"
        )
        self.notes: list[Note] = list(
            Note.objects.published()
            .filter(sentence__isnull=False)
            .select_related("sentence__article__outlet", "claimant")
            .defer("sentence__article__text", "body_html")
            .prefetch_related(Prefetch("evidence", queryset=cited))
            .order_by(
                "sentence__article__published", "sentence__article__slug", "sentence__position"
            )
        )
        self.by_sentence: dict[int, Note] = {note.sentence_id: note for note in self.notes}
        self.events: list[Event] = list(
            Event.objects.published()
            .filter(is_context=False)
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=EventEvidence.objects.select_related(
                        "sentence__article__outlet", "anchor_article"
                    ).defer("sentence__article__text", "anchor_article__text"),
                )
            )
            .order_by("date", "end_date", "title")
        )

    def origin(self, sentence) -> Origin:
        """A sentence's origin, with the claimant of its published note, if any."""
        note = self.by_sentence.get(sentence.pk)
        claimant = note.claimant if note else None
        return Origin.of(sentence.article, claimant, caption=is_caption(sentence))

    @staticmethod
    def subject(note: Note) -> str:
        article = note.sentence.article
        where = f"{article.outlet.name}, {reader_date(article)}"
        return f"The note on {_quote(note.sentence.text)} ({where})"


def independence(corpus: Corpus, kind: str) -> Iterable[Finding]:
    for note in corpus.notes:
        cited = [
            Cited(link.relation, corpus.origin(link.sentence), cited_label(link.sentence))
            for link in note.evidence.all()
            if link.sentence is not None
        ]
        origin = Origin.of(
            note.sentence.article,
            note.claimant,
            caption=is_caption(note.sentence),
            about_statement=note.is_about_statement,
        )
        for problem in independence_problems(
            origin=origin, credibility=note.credibility, cited=cited
        ):
            if problem.kind == kind:
                yield Finding(
                    "",
                    f"{corpus.subject(note)}: {problem.message}",
                    note.sentence.get_absolute_url(),
                )


def grade_1_uncorroborated(corpus: Corpus) -> Iterable[Finding]:
    """Grade 1 needs a corroborating sentence from an independent source, linked."""
    return independence(corpus, "uncorroborated")


def corroboration_not_independent(corpus: Corpus) -> Iterable[Finding]:
    """A "corroborates" link between sources of one origin is a repeat."""
    return independence(corpus, "not_independent")


def circular_corroboration(corpus: Corpus) -> Iterable[Finding]:
    """Notes whose only corroboration is each other: a closed circle of support.

    Start from every note that cites corroboration; drop, until nothing changes, each note
    that cites a corroborating sentence outside the remaining set. What remains leans only on
    itself.
    """
    support = {
        note.sentence_id: {
            link.sentence_id
            for link in note.evidence.all()
            if link.relation == Relation.CORROBORATES and link.sentence_id
        }
        for note in corpus.notes
    }
    circle = {sentence for sentence, cited in support.items() if cited}
    changed = True
    while changed:
        changed = False
        for sentence in list(circle):
            if not support[sentence] <= circle:
                circle.discard(sentence)
                changed = True
    for note in corpus.notes:
        if note.sentence_id in circle:
            others = sorted(support[note.sentence_id])
            names = "; ".join(_quote(corpus.by_sentence[pk].sentence.text, 60) for pk in others)
            yield Finding(
                "",
                f"{corpus.subject(note)} is corroborated only by notes that in turn rest on "
                f"it (circular): {names}. Link support from outside the circle, or lower the "
                f"grades it props up.",
                note.sentence.get_absolute_url(),
            )


def one_sided_contradictions(corpus: Corpus) -> Iterable[Finding]:
    """A contradiction is linked on both sides, so each note shows the other account."""
    for note in corpus.notes:
        for link in note.evidence.all():
            if link.relation != Relation.CONTRADICTS or link.sentence is None:
                continue
            other = corpus.by_sentence.get(link.sentence_id)
            if other is None:
                problem = "that sentence has no published note to link back"
            elif not any(
                back.relation == Relation.CONTRADICTS and back.sentence_id == note.sentence_id
                for back in other.evidence.all()
            ):
                problem = "its note does not link back as contradicting"
            else:
                continue
            yield Finding(
                "",
                f"{corpus.subject(note)} contradicts {_quote(link.sentence.text, 60)} "
                f"({cited_label(link.sentence)}), but {problem}.",
                note.sentence.get_absolute_url(),
            )


def unresolved_relative_dates(corpus: Corpus) -> Iterable[Finding]:
    """ "Monday", "last week": the note states the calendar date they stand for."""
    for note in corpus.notes:
        words = wording.relative_date_words(note.sentence.text)
        if not words:
            continue
        article = note.sentence.article
        year = (article.published or dt.date.today()).year
        if wording.resolves_relative_dates(note.sentence.text, note.body, default_year=year):
            continue
        yield Finding(
            "",
            f"{corpus.subject(note)} has {', '.join(f'“{w}”' for w in words)}, but the note "
            f"does not state the date it resolves to (against the article's date, "
            f"{reader_date(article)}).",
            note.sentence.get_absolute_url(),
        )


def date_doubt_unmentioned(corpus: Corpus) -> Iterable[Finding]:
    """Where an article's own date is in doubt, its notes say so."""
    for note in corpus.notes:
        article = note.sentence.article
        if article.date_doubtful and not wording.mentions_date_doubt(note.body):
            yield Finding(
                "",
                f"{corpus.subject(note)}: the article's date is in doubt, and the note says "
                f"nothing about it.",
                note.sentence.get_absolute_url(),
            )


def _event_subject(event: Event) -> str:
    return f"The event “{event.title}” ({event.when})"


def events_without_evidence(corpus: Corpus) -> Iterable[Finding]:
    """Every event rests on at least one quoted sentence."""
    for event in corpus.events:
        if not event.evidence.all():
            yield Finding("", f"{_event_subject(event)} has no evidence.", event.get_absolute_url())


def _window(article: Article) -> tuple[dt.date | None, dt.date | None]:
    """The dates an article can speak for: from a month before it to its publication."""
    if article.published is None:
        return None, None
    latest = article.published
    if article.published_precision == DatePrecision.MONTH:
        latest = (latest.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
            days=1
        )
    elif article.published_precision == DatePrecision.APPROXIMATE:
        latest += APPROXIMATE_SLACK
    # A doubtful date may be when the page was viewed: it bounds nothing from below.
    earliest = None if article.date_doubtful else article.published - LOOKBACK
    return earliest, latest


def events_outside_their_sources(corpus: Corpus) -> Iterable[Finding]:
    """An event's date lies within what its evidence's articles could report."""
    for event in corpus.events:
        windows = [_window(item.article) for item in event.evidence.all() if item.article]
        if not windows:
            continue
        start, end = event.date, event.end_date or event.date
        if any(
            (earliest is None or earliest <= start) and (latest is None or end <= latest)
            for earliest, latest in windows
        ):
            continue
        yield Finding(
            "",
            f"{_event_subject(event)} is dated outside what its sources can report: each "
            f"article speaks for a month before its own date at most, and none is dated late "
            f"enough, or early enough, to report it.",
            event.get_absolute_url(),
        )


def unattributed_claims(corpus: Corpus) -> Iterable[Finding]:
    """When all the evidence is one party's claim, the title says whose claim it is."""
    for event in corpus.events:
        roles = {item.role for item in event.evidence.all()}
        if roles == {Role.CLAIMS} and not wording.is_attributed(event.title):
            yield Finding(
                "",
                f"{_event_subject(event)} rests only on one party's claims, but its title "
                f"states it in the house's voice: say whose claim it is.",
                event.get_absolute_url(),
            )


CHECKS: tuple[Check, ...] = (
    Check("grade-1", "Grade 1 without independent corroboration", grade_1_uncorroborated),
    Check(
        "not-independent",
        "“Corroborates” between sources that are not independent",
        corroboration_not_independent,
    ),
    Check("circular", "Circular corroboration", circular_corroboration),
    Check("one-sided", "Contradictions linked on one side only", one_sided_contradictions),
    Check("relative-dates", "Relative dates not resolved in the note", unresolved_relative_dates),
    Check("no-evidence", "Events without evidence", events_without_evidence),
    Check("event-dates", "Events dated outside their sources", events_outside_their_sources),
    Check("unattributed", "Events stating one party's claim as fact", unattributed_claims),
    Check("date-doubt", "Notes silent on their article's doubtful date", date_doubt_unmentioned),
)


def editorial_findings() -> list[tuple[Check, list[Finding]]]:
    """Every check with what it found, in a fixed number of queries."""
    corpus = Corpus()
    return [
        (
            check,
            [Finding(check.slug, finding.message, finding.url) for finding in check.run(corpus)],
        )
        for check in CHECKS
    ]
