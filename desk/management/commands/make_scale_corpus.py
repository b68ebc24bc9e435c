"""Grow the corpus to N articles with synthetic ones, for measuring pages at scale.

Each synthetic article reads like a wire story of about a hundred sentences (headline,
dateline, byline, short paragraphs, a little page chrome) and is stored the way every article
is: verbatim text, SHA-256, segmented sentences that tile it. A third of its sentences carry a
published note with a claimant, some notes cite a sentence of another article as evidence, and
a fixed set of timeline events quotes sentences from across the corpus. Articles are written
in batches, one transaction each, so memory stays flat at any N and an interrupted run resumes.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import time
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, DateBasis, Outlet, Sentence
from articles.services import articles_bulk_import, quote_anchor_for
from notes.markup import render_markdown
from notes.models import Claimant, Credibility, Evidence, Note, Relation, Status
from pagecache.stamps import rows_changed

SLUG_PREFIX = "synthetic-report-"
EVENT_PREFIX = "synthetic-event-"
EVENTS = 30  # a curated timeline does not grow with the number of articles ingested
EVIDENCE_PER_EVENT = 4
NOTE_EVERY = 3  # a note on every third sentence
EVIDENCE_EVERY = 5  # every fifth note cites a sentence of the previous article
FIRST_DAY = dt.date(2021, 8, 15)
DAYS = 40

OUTLETS = [
    ("Synthetic Wire Service", "B"),
    ("Synthetic Valley Herald", "C"),
    ("Synthetic Front Bulletin", "D"),
    ("Synthetic Aggregator", "F"),
]
CLAIMANTS = [
    "Synthetic Taliban spokesman",
    "Synthetic NRF spokesman",
    "Synthetic unnamed aide",
    "Synthetic local elder",
    "Synthetic aid worker",
    "Synthetic outlet's own voice",
]
PLACES = [
    "Bazarak", "Rukha", "Anaba", "Dara", "Khenj", "Paryan", "Shutul", "Unaba", "Gulbahar",
    "Charikar", "Jabal Saraj", "the Salang pass", "Kapisa", "Andarab", "the valley mouth",
]  # fmt: skip
SUBJECTS = [
    "Resistance fighters", "Taliban units", "Local elders", "A spokesman for the front",
    "Residents of the valley", "Officials in Kabul", "Commanders on both sides", "Aid workers",
    "Shopkeepers in the bazaar", "Two witnesses", "A provincial official", "Families fleeing",
]  # fmt: skip
VERBS = [
    "said they had moved toward", "reported clashes near", "denied any fighting around",
    "claimed control of", "described shortages in", "called for talks about",
    "sent reinforcements to", "blocked the road to", "reported a ceasefire around",
    "counted casualties near", "withdrew from", "laid mines along the approach to",
]  # fmt: skip
TAILS = [
    "on Monday", "late on Tuesday", "according to two witnesses",
    "in a statement on social media", "after talks broke down", "as supplies ran low",
    "before dawn", "despite earlier promises", "while the telephone network was down",
    "in a voice message to reporters", "for the third day running", "without giving figures",
]  # fmt: skip
NOTE_BODIES = [
    "A party's claim about its own gains; **no independent source** confirms it.",
    "Two outlets repeat the same spokesman: one source, not two.",
    "The figure disagrees with the other accounts; see the linked sentence.",
    "Consistent with the reports of residents, but *not confirmed*.",
    "The date is relative: resolved against the article's own date.",
    "The outlet's own voice, unattributed; graded on its content alone.",
    "Witness accounts agree on the place but not on the numbers.",
    "A caption, not a report: it says what the picture shows, nothing more.",
]


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_text(number: int) -> tuple[str, str]:
    """The headline and verbatim text of synthetic article `number`; the same every time."""
    rnd = random.Random(number)
    place = rnd.choice(PLACES)
    headline = f"Report {number}: {rnd.choice(SUBJECTS)} near {place}"
    day = FIRST_DAY + dt.timedelta(days=number % DAYS)
    lines = [headline, "", f"{day:%B} {day.day}, {day.year}", "By Synthetic Desk", ""]
    count = 0
    while count < 95:
        # Wire copy: mostly one sentence to a paragraph, sometimes two.
        sentences = 2 if rnd.random() < 0.08 else 1
        paragraph = []
        for _ in range(sentences):
            count += 1
            paragraph.append(
                f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.choice(PLACES)} "
                f"{rnd.choice(TAILS)} (dispatch {number}, item {count})."
            )
        lines += [" ".join(paragraph), ""]
    lines += ["Share this article", "Leave a comment", ""]
    return headline, "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Add synthetic articles (about 100 sentences each, notes on a third of them, events "
        "linking them) until the corpus holds N articles. Safe to re-run; it resumes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--articles", type=int, required=True, help="Total articles the corpus should hold."
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="Articles per transaction (default 200)."
        )

    def handle(self, *args, articles: int, batch: int, **options) -> None:
        if articles < 0 or batch < 1:
            raise CommandError("--articles must be 0 or more and --batch at least 1.")
        started = time.perf_counter()
        outlets, claimants = self._outlets_and_claimants()
        bodies = [(body, render_markdown(body)) for body in NOTE_BODIES]
        missing = articles - Article.objects.count()
        first = Article.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
        made = 0
        for numbers in _batches(range(first, first + max(missing, 0)), batch):
            with transaction.atomic():
                self._store_batch(numbers, outlets, claimants, bodies)
            made += len(numbers)
            if made % 1000 < batch or made == missing:
                self.stdout.write(
                    f"  {made}/{missing} articles, {time.perf_counter() - started:.0f} s, "
                    f"peak RSS {_rss_mb():.0f} MB"
                )
        events = self._events_ensure()
        if (made or events) and connection.vendor == "postgresql":
            # A bulk load leaves the planner's statistics behind; stale ones make PostgreSQL
            # misjudge small queries as huge (and JIT-compile them). SQLite's plans here rest
            # on unique indexes and need no statistics.
            # VACUUM also maps visible pages for index-only counts; it cannot run inside a
            # transaction (as under a test), where ANALYZE alone still fixes the statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(
            f"Corpus holds {Article.objects.count()} articles ({made} added, {events} events "
            f"added) in {time.perf_counter() - started:.1f} s; peak RSS {_rss_mb():.0f} MB."
        )

    def _outlets_and_claimants(self) -> tuple[list[Outlet], list[Claimant]]:
        outlets = [
            Outlet.objects.get_or_create(
                name=name,
                defaults={
                    "slug": name.lower().replace(" ", "-"),
                    "reliability": grade,
                    "description": "Synthetic outlet for load measurements.",
                },
            )[0]
            for name, grade in OUTLETS
        ]
        claimants = [
            Claimant.objects.get_or_create(name=name, defaults={"description": "Synthetic."})[0]
            for name in CLAIMANTS
        ]
        return outlets, claimants

    def _store_batch(
        self,
        numbers: list[int],
        outlets: list[Outlet],
        claimants: list[Claimant],
        bodies: list[tuple[str, str]],
    ) -> None:
        unsaved = []
        for number in numbers:
            headline, text = synthetic_text(number)
            unsaved.append(
                Article(
                    slug=f"{SLUG_PREFIX}{number:05d}",
                    headline=headline,
                    summary=f"Synthetic wire story {number}, for load measurements.",
                    outlet=outlets[number % len(outlets)],
                    published=FIRST_DAY + dt.timedelta(days=number % DAYS),
                    published_basis=DateBasis.PRINTED,
                    wire="Synthetic Wire" if number % 2 else "",
                    retrieval_note="Generated by make_scale_corpus.",
                    text=text,
                )
            )
        stored = articles_bulk_import(articles=unsaved)
        now = timezone.now()
        notes: list[Note] = []
        cited: list[Sentence | None] = []
        previous: list[Sentence] = []
        for article, sentences in stored:
            rnd = random.Random(article.pk)
            for sentence in sentences[NOTE_EVERY - 1 :: NOTE_EVERY]:
                body, body_html = rnd.choice(bodies)
                notes.append(
                    Note(
                        sentence=sentence,
                        credibility=rnd.choice(Credibility.values),
                        claimant=rnd.choice(claimants),
                        body=body,
                        body_html=body_html,
                        status=Status.PUBLISHED,
                        published_at=now,
                        **quote_anchor_for(sentence),
                    )
                )
                cited.append(
                    rnd.choice(previous) if previous and len(notes) % EVIDENCE_EVERY == 0 else None
                )
            previous = [sentence for sentence in sentences if sentence.kind == "body"]
        Note.objects.bulk_create(notes, batch_size=1000)
        Evidence.objects.bulk_create(
            (
                Evidence(
                    note=note,
                    sentence=sentence,
                    relation=Relation.CONTRADICTS if note.pk % 2 else Relation.CORROBORATES,
                    **quote_anchor_for(sentence),
                )
                for note, sentence in zip(notes, cited, strict=True)
                if sentence is not None
            ),
            batch_size=1000,
        )

    def _events_ensure(self) -> int:
        """Timeline events quoting noted sentences spread evenly across the synthetic corpus."""
        from timeline.models import Event, EventEvidence, Role

        if Event.objects.filter(slug__startswith=EVENT_PREFIX).exists():
            return 0
        synthetic = Article.objects.filter(slug__startswith=SLUG_PREFIX)
        total = synthetic.count()
        if not total:
            return 0
        wanted = EVENTS * EVIDENCE_PER_EVENT
        picks = [f"{SLUG_PREFIX}{1 + i * total // wanted:05d}" for i in range(wanted)]
        by_slug = {
            sentence.article.slug: sentence
            for sentence in Sentence.objects.filter(
                article__slug__in=picks, position=NOTE_EVERY * 2
            ).select_related("article")
        }
        now = timezone.now()
        roles = list(Role.values)
        with transaction.atomic():
            for index in range(EVENTS):
                day = FIRST_DAY + dt.timedelta(days=index * DAYS // EVENTS)
                summary = f"Synthetic event {index + 1}: accounts of movements near the valley."
                event = Event.objects.create(
                    slug=f"{EVENT_PREFIX}{index + 1:02d}",
                    date=day,
                    title=f"Synthetic event {index + 1}",
                    summary=summary,
                    summary_html=render_markdown(summary),
                    place=PLACES[index % len(PLACES)],
                    status=Status.PUBLISHED,
                    published_at=now,
                )
                quoted = picks[index * EVIDENCE_PER_EVENT : (index + 1) * EVIDENCE_PER_EVENT]
                EventEvidence.objects.bulk_create(
                    EventEvidence(
                        event=event,
                        sentence=by_slug[slug],
                        role=roles[order % len(roles)],
                        order=order,
                        **quote_anchor_for(by_slug[slug]),
                    )
                    for order, slug in enumerate(dict.fromkeys(quoted))
                    if slug in by_slug
                )
                rows_changed([event])
        return EVENTS


def _batches(numbers: range, size: int) -> Iterator[list[int]]:
    for start in range(0, len(numbers), size):
        yield list(numbers[start : start + size])
