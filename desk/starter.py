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
from notes.models import Claimant, GradeAbout, Note, Status
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
class NotesLoadReport:
    """What loading the starter notes did, note by note."""

    stored: int = 0
    revised: int = 0
    unchanged: int = 0
    # Starter notes an editor has revised since: theirs is kept, and said so.
    kept: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.unchanged + len(self.kept)


@dataclass
class LoadReport:
    """What a starter load stored and what it found there already."""

    stored: list[str]
    skipped: list[str]
    notes_stored: int = 0
    notes_skipped: int = 0
    events: list[str] = field(default_factory=list)
    notes: NotesLoadReport = field(default_factory=NotesLoadReport)


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


class CorrectedAway(QuoteNotFound):
    """The quote was in the seed's text, but the desk has corrected that article since: what
    was loaded from it followed the correction, and the correction wins."""


def _starter_sentence(slug: str, quote: str, where: str) -> Sentence:
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        raise StarterContentError(f"{where}: no article with slug {slug!r}")
    try:
        return sentence_for_quote(article, quote)
    except QuoteNotFound as error:
        if article.revision > 1:
            raise CorrectedAway(f"{where}: {error}") from None
        raise QuoteNotFound(f"{where}: {error}") from None


def _note_label(note: Note) -> str:
    sentence = note.sentence
    where = f"{sentence.article.slug}, sentence {sentence.position}" if sentence else "a quote"
    return f"the note on {where} (version {note.version})"


def _is_starter_note(note: Note) -> bool:
    """Written by the loader (no editor) and never saved by an editor since."""
    return note.created_by_id is None and note.updated_by_id is None


def _starter_note_differs(note: Note, wanted: dict) -> bool:
    have_links = {
        (link.sentence_id, link.relation) for link in note.evidence.all() if link.sentence_id
    }
    want_links = {(link.sentence.pk, link.relation) for link in wanted["evidence"]}
    return (
        note.credibility != wanted["credibility"]
        or note.grade_about != wanted["grade_about"]
        or note.claimant_id != (wanted["claimant"].pk if wanted["claimant"] else None)
        or note.body != wanted["body"]
        or note.status != Status.PUBLISHED
        or have_links != want_links
    )


@transaction.atomic
def starter_notes_load(*, fixtures_dir: Path = FIXTURES_DIR) -> NotesLoadReport:
    """Bring the starter notes in line with fixtures/notes.json, through note_save.

    A sentence without a note gets the starter note, published. A starter note the fixtures
    have changed gets the new text as a new revision credited to the newsroom (no editor), so
    its history keeps the old one. A note an editor has saved is never overwritten: it is
    kept, and listed in the report when the fixtures say something else. A quote that cannot
    be found stops the load with a message naming it.
    """
    report = NotesLoadReport()
    seen: set[int] = set()
    for number, row in enumerate(_read_json("notes.json", fixtures_dir), start=1):
        where = f"notes.json, note {number}"
        try:
            sentence = _starter_sentence(row["article"], row["quote"], where)
        except CorrectedAway:
            report.unchanged += 1  # loaded before the correction, moved with its quote since
            continue
        if sentence.pk in seen:
            raise StarterContentError(f"{where}: a second note on the same sentence")
        seen.add(sentence.pk)
        claimant = None
        if row.get("claimant"):
            claimant = Claimant.objects.filter(name=row["claimant"]).first()
            if claimant is None:
                raise StarterContentError(
                    f"{where}: claimant {row['claimant']!r} is not in claimants.json"
                )
        links = []
        for index, item in enumerate(row.get("evidence", []), start=1):
            try:
                cited = _starter_sentence(
                    item["article"], item["quote"], f"{where}, evidence {index}"
                )
            except CorrectedAway:
                continue
            links.append(EvidenceLink(sentence=cited, relation=item["relation"]))
        wanted = {
            "credibility": int(row["credibility"]),
            "grade_about": row.get("grade_about", GradeAbout.CLAIM),
            "claimant": claimant,
            "body": row.get("body", ""),
            "evidence": links,
        }
        note = Note.objects.filter(sentence=sentence).first()
        if note is not None and not _starter_note_differs(note, wanted):
            report.unchanged += 1
            continue
        if note is not None and not _is_starter_note(note):
            report.kept.append(_note_label(note))
            continue
        try:
            note_save(
                sentence=sentence,
                editor=None,
                status=Status.PUBLISHED,
                base_version=note.version if note else 0,
                **wanted,
            )
        except NoteInvalid as error:
            raise StarterContentError(f"{where}: {error}") from None
        if note is None:
            report.stored += 1
        else:
            report.revised += 1
    return report


@transaction.atomic
def starter_content_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Everything `make run` loads, in one transaction: sources, notes on them, events.

    A bad row anywhere stores nothing (the error names it).
    """
    report = starter_sources_load(fixtures_dir=fixtures_dir)
    report.notes = starter_notes_load(fixtures_dir=fixtures_dir)
    report.notes_stored, report.notes_skipped = report.notes.stored, report.notes.skipped
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
    if not row.get("evidence") and not row.get("is_context"):
        problems.append(f"{where}: no evidence; every event needs at least one sentence")
    return problems


def _starter_evidence(row: dict, index: int, articles: dict[str, Article]):
    """(sentence, role) pairs for a row, the problems found resolving its quotes, and
    whether a quote was corrected away (its article corrected by the desk since)."""
    where = f"event {index + 1} ({row.get('slug') or 'no slug'})"
    pairs, problems, corrected = [], [], False
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
            if article.revision > 1:
                corrected = True
            else:
                problems.append(f"{where}: {error}")
    return pairs, problems, corrected


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
    # A row {"slug": …, "withdrawn": true} names a former starter event: made a draft (not
    # deleted) where a database still holds it, so a revised timeline leaves no stale event.
    withdrawn = [row["slug"] for row in rows if row.get("withdrawn")]
    rows = [row for row in rows if not row.get("withdrawn")]
    articles = {a.slug: a for a in Article.objects.all()}
    problems: list[str] = []
    resolved = []
    existing = set(Event.objects.values_list("slug", flat=True))
    for index, row in enumerate(rows):
        row_problems = _starter_row_problems(row, index)
        pairs, evidence_problems, corrected = _starter_evidence(row, index, articles)
        if corrected and row.get("slug") in existing:
            continue  # its evidence followed the desk's correction; keep the event as it is
        if corrected and not pairs:
            evidence_problems.append(
                f"event {index + 1} ({row.get('slug')}): every quote was corrected away"
            )
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
        event.is_context = bool(row.get("is_context", False))
        event.status = Status.PUBLISHED
        event_save(event=event)
        event.evidence.all().delete()
        EventEvidence.objects.bulk_create(
            evidence_anchor(EventEvidence(event=event, sentence=sentence, role=role, order=n))
            for n, (sentence, role) in enumerate(pairs, start=1)
        )
        rows_changed([event])  # bulk-created evidence sends no signals
        loaded.append(event.slug)
    for event in Event.objects.filter(slug__in=withdrawn, status=Status.PUBLISHED):
        event.status = Status.DRAFT
        event_save(event=event)
    return loaded
