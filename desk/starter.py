"""The starter content: outlets, claimants, the five seed articles, notes and events.

One loader, used by `make run` (the load_starter_content command) and the tests alike. The
seeds go through the same import the desk uses for new files (article_file_import), the notes
through note_save, the events through event_save, each anchored by quote; loading twice stores
nothing new.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, DatePrecision, Outlet, Sentence, SourceReliability
from articles.services import (
    DuplicateArticle,
    QuoteNotFound,
    article_file_import,
    sentence_for_quote,
    sidecar_read,
)
from notes.models import Claimant, Note, Status
from notes.services import EvidenceLink, NoteInvalid, note_save
from pagecache.stamps import SITE, rows_changed, stamps_bump
from timeline.models import Event, EventEvidence, Role
from timeline.services import event_save, evidence_anchor

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


class StarterEventsError(QuoteNotFound):
    """fixtures/events.json cannot be loaded as written; the message lists every problem."""


def _read_json(name: str, fixtures_dir: Path) -> list[dict]:
    path = fixtures_dir / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@dataclass
class LoadReport:
    """What a starter load stored and what it found there already."""

    stored: list[str]
    skipped: list[str]
    notes_stored: int = 0
    notes_skipped: int = 0
    events: list[str] = field(default_factory=list)


class StarterContentError(ValueError):
    """Starter content that cannot be loaded as written; names the fixture row at fault."""


def seed_files(fixtures_dir: Path = FIXTURES_DIR) -> list[Path]:
    """The seed articles, each with its sidecar FILE.json (made from articles.json)."""
    return sorted((fixtures_dir / "seeds").glob("*.txt"))


@transaction.atomic
def starter_outlets_load(*, fixtures_dir: Path = FIXTURES_DIR) -> None:
    """Load (or update) the outlets and claimants the seeds and notes refer to."""
    for row in _read_json("outlets.json", fixtures_dir):
        Outlet.objects.update_or_create(
            name=row["name"],
            defaults={
                "slug": row.get("slug") or slugify(row["name"]),
                "description": row.get("description", ""),
                "reliability": row.get("reliability", SourceReliability.F),
                "reliability_note": row.get("reliability_note", ""),
            },
        )
    for row in _read_json("claimants.json", fixtures_dir):
        Claimant.objects.update_or_create(
            name=row["name"], defaults={"description": row.get("description", "")}
        )
    stamps_bump([SITE])  # outlets' grades and claimants show on every page


@transaction.atomic
def starter_sources_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Load outlets, claimants and the seed articles; what is already stored is skipped.

    The seeds go through article_file_import with their sidecars, exactly as
    `import_articles fixtures/seeds/*.txt` does.
    """
    starter_outlets_load(fixtures_dir=fixtures_dir)
    report = LoadReport(stored=[], skipped=[])
    for path in seed_files(fixtures_dir):
        try:
            # The seed files are in the repository already: no copy in MEDIA_ROOT.
            article = article_file_import(path=path, record=sidecar_read(path), keep_original=False)
        except DuplicateArticle as duplicate:
            report.skipped.append(duplicate.existing.slug)
        else:
            report.stored.append(article.slug)
    return report


def _starter_sentence(slug: str, quote: str, where: str) -> Sentence:
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        raise StarterContentError(f"{where}: no article with slug {slug!r}")
    try:
        return sentence_for_quote(article, quote)
    except QuoteNotFound as error:
        raise QuoteNotFound(f"{where}: {error}") from None


@transaction.atomic
def starter_notes_load(*, fixtures_dir: Path = FIXTURES_DIR) -> tuple[int, int]:
    """Create the starter notes from fixtures/notes.json, published, through note_save.

    A sentence that already has a note keeps it (so a second run adds nothing); a quote
    that cannot be found stops the load with a message naming it. Returns (stored, skipped).
    """
    stored = skipped = 0
    seen: set[int] = set()
    for number, row in enumerate(_read_json("notes.json", fixtures_dir), start=1):
        where = f"notes.json, note {number}"
        sentence = _starter_sentence(row["article"], row["quote"], where)
        if sentence.pk in seen:
            raise StarterContentError(f"{where}: a second note on the same sentence")
        seen.add(sentence.pk)
        if Note.objects.filter(sentence=sentence).exists():
            skipped += 1
            continue
        claimant = None
        if row.get("claimant"):
            claimant = Claimant.objects.filter(name=row["claimant"]).first()
            if claimant is None:
                raise StarterContentError(
                    f"{where}: claimant {row['claimant']!r} is not in claimants.json"
                )
        links = [
            EvidenceLink(
                sentence=_starter_sentence(
                    item["article"], item["quote"], f"{where}, evidence {index}"
                ),
                relation=item["relation"],
            )
            for index, item in enumerate(row.get("evidence", []), start=1)
        ]
        try:
            note_save(
                sentence=sentence,
                editor=None,
                credibility=int(row["credibility"]),
                claimant=claimant,
                body=row.get("body", ""),
                status=Status.PUBLISHED,
                evidence=links,
                base_version=0,
            )
        except NoteInvalid as error:
            raise StarterContentError(f"{where}: {error}") from None
        stored += 1
    return stored, skipped


@transaction.atomic
def starter_content_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Everything `make run` loads, in one transaction: sources, notes on them, events.

    A bad row anywhere stores nothing (the error names it).
    """
    report = starter_sources_load(fixtures_dir=fixtures_dir)
    report.notes_stored, report.notes_skipped = starter_notes_load(fixtures_dir=fixtures_dir)
    report.events = starter_events_load(fixtures_dir=fixtures_dir)
    return report


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
        rows_changed([event])  # bulk-created evidence sends no signals
        loaded.append(event.slug)
    return loaded
