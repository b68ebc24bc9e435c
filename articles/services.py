"""Writes that touch several records: importing an article with its sentences, saving a
reliability note with its evidence and revision, and loading the starter content. Each is one
transaction: a failure leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.markup import render_markdown
from articles.models import (
    Article,
    Claimant,
    Credibility,
    DateBasis,
    DatePrecision,
    Evidence,
    Note,
    NoteRevision,
    Outlet,
    Relation,
    Sentence,
    SourceReliability,
    Status,
    text_sha256,
)
from articles.segmentation import segment

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


class ArticleImportError(ValueError):
    """An article that cannot be stored, with a message fit for the desk."""


class DuplicateArticle(ArticleImportError):
    def __init__(self, existing: Article):
        self.existing = existing
        super().__init__(
            f"This text is already stored as “{existing.headline}” ({existing.get_absolute_url()})."
        )


class QuoteNotFound(ValueError):
    """A quote that anchors a note or an event cannot be found in its article."""


def unique_slug(headline: str) -> str:
    base = slugify(headline)[:180] or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def sentences_store(*, article: Article) -> list[Sentence]:
    """(Re)create an article's sentences from its verbatim text."""
    article.sentences.all().delete()
    return Sentence.objects.bulk_create(
        Sentence(
            article=article,
            position=seg.position,
            start=seg.start,
            end=seg.end,
            kind=seg.kind.value,
            text=seg.text,
        )
        for seg in segment(article.text)
    )


@transaction.atomic
def article_import(
    *,
    text: str,
    outlet: Outlet,
    headline: str,
    slug: str = "",
    published: dt.date | None = None,
    published_precision: str = DatePrecision.DAY,
    published_basis: str = DateBasis.PRINTED,
    **provenance: object,
) -> Article:
    """Store one article verbatim with its provenance and sentences.

    Refuses empty text and a text whose SHA-256 is already stored (DuplicateArticle).
    """
    if not text.strip():
        raise ArticleImportError("The text is empty.")
    digest = text_sha256(text)
    existing = Article.objects.filter(sha256=digest).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    article = Article.objects.create(
        slug=slug or unique_slug(headline),
        headline=headline,
        outlet=outlet,
        published=published,
        published_precision=published_precision,
        published_basis=published_basis,
        text=text,
        sha256=digest,
        **provenance,
    )
    sentences_store(article=article)
    return article


QUOTE_CONTEXT = 32


def quote_anchor_for(sentence: Sentence) -> dict[str, object]:
    """QuoteAnchor fields that pin `sentence` by its text and a little context either side.

    Set these on every Note, Evidence and EventEvidence so a correction of the article's text
    can find the sentence again (see the W3C TextQuoteSelector).
    """
    text = sentence.article.text
    return {
        "anchor_article": sentence.article,
        "quote_exact": sentence.text,
        "quote_prefix": text[max(0, sentence.start - QUOTE_CONTEXT) : sentence.start],
        "quote_suffix": text[sentence.end : sentence.end + QUOTE_CONTEXT],
        "quote_start": sentence.start,
        "quote_end": sentence.end,
    }


def sentence_for_quote(article: Article, quote: str) -> Sentence:
    """The one sentence of `article` containing `quote`; raises QuoteNotFound otherwise."""
    first = article.text.find(quote)
    if first < 0 or not quote:
        raise QuoteNotFound(f"{article.slug}: quote not found: {quote!r}")
    if article.text.find(quote, first + 1) >= 0:
        raise QuoteNotFound(f"{article.slug}: quote occurs more than once: {quote!r}")
    end = first + len(quote)
    sentence = article.sentences.filter(start__lte=first, end__gte=end).first()
    if sentence is None:
        raise QuoteNotFound(f"{article.slug}: quote spans more than one sentence: {quote!r}")
    return sentence


class NoteInvalid(ValueError):
    """A note that cannot be saved as given, with a message fit for the desk."""


class StaleNote(Exception):
    """A save made from an older version of the note than the one stored.

    Carries the current note so the editor can see both versions; nothing is overwritten.
    """

    def __init__(self, current: Note):
        self.current = current
        super().__init__(
            f"This note was saved by someone else while you were editing "
            f"(it is now at version {current.version})."
        )


@dataclass(frozen=True)
class EvidenceLink:
    """Another sentence cited by a note, and whether it corroborates or contradicts it."""

    sentence: Sentence
    relation: str = Relation.CORROBORATES


def _claimant_for(claimant: Claimant | str | None) -> Claimant | None:
    """A chosen claimant, or a new name added to the list editors pick from."""
    if claimant is None or isinstance(claimant, Claimant):
        return claimant
    name = " ".join(claimant.split())
    if not name:
        return None
    if len(name) > Claimant._meta.get_field("name").max_length:
        raise NoteInvalid("A claimant's name can be at most 200 characters.")
    existing = Claimant.objects.filter(name__iexact=name).first()
    return existing or Claimant.objects.create(name=name)


def _evidence_snapshot(note: Note) -> list[dict[str, object]]:
    """The note's evidence as plain data for its revision record."""
    return [
        {
            "article": link.sentence.article.slug if link.sentence else None,
            "position": link.sentence.position if link.sentence else None,
            "quote": link.quote_exact,
            "relation": link.relation,
        }
        for link in note.evidence.select_related("sentence__article")
    ]


@transaction.atomic
def note_save(
    *,
    sentence: Sentence,
    editor: AbstractBaseUser | None,
    credibility: int,
    claimant: Claimant | str | None,
    body: str,
    status: str,
    evidence: Sequence[EvidenceLink],
    base_version: int,
) -> Note:
    """Create or update the note on `sentence` and record the save as a revision.

    `base_version` is the version the editor started from (0 for a new note); a save made
    from any other version raises StaleNote and changes nothing. `claimant` may be a new
    name, which is added to the list. Evidence citing sentences replaces what the note had;
    evidence whose sentence has gone from the text is kept.
    """
    if credibility not in Credibility.values:
        raise NoteInvalid(f"Credibility must be 1 to 6, not {credibility!r}.")
    if status not in Status.values:
        raise NoteInvalid(f"Unknown status {status!r}.")
    links: dict[int, EvidenceLink] = {}
    for link in evidence:
        if link.relation not in Relation.values:
            raise NoteInvalid(f"Unknown evidence relation {link.relation!r}.")
        if link.sentence.pk == sentence.pk:
            raise NoteInvalid("A sentence cannot be evidence for itself.")
        links[link.sentence.pk] = link  # one link per cited sentence; the last one given wins
    chosen_claimant = _claimant_for(claimant)

    note = Note.objects.filter(sentence=sentence).first()
    if note is None:
        # A new note (or one whose earlier note has left this sentence): nothing to overwrite.
        note = Note(sentence=sentence, created_by=editor, version=1)
    else:
        if base_version != note.version:
            raise StaleNote(note)
        # Claim the next version atomically: of two saves from the same version, only one
        # updates a row; the other finds none and is refused (on SQLite and PostgreSQL alike).
        claimed = Note.objects.filter(pk=note.pk, version=base_version).update(
            version=base_version + 1
        )
        if not claimed:
            raise StaleNote(Note.objects.get(pk=note.pk))
        note.version = base_version + 1

    becomes_published = status == Status.PUBLISHED and (
        note.pk is None or note.status != Status.PUBLISHED
    )
    note.credibility = credibility
    note.claimant = chosen_claimant
    note.body = body
    note.body_html = render_markdown(body)
    note.status = status
    note.updated_by = editor
    if becomes_published:
        note.published_by = editor
        note.published_at = timezone.now()
    elif status != Status.PUBLISHED:
        note.published_by = None
        note.published_at = None
    for name, value in quote_anchor_for(sentence).items():
        setattr(note, name, value)

    if note.pk is None:
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:
            # Another editor created the note on this sentence a moment ago.
            raise StaleNote(Note.objects.get(sentence=sentence)) from None
    else:
        note.save()

    note.evidence.filter(sentence__isnull=False).delete()
    Evidence.objects.bulk_create(
        Evidence(
            note=note,
            sentence=link.sentence,
            relation=link.relation,
            **quote_anchor_for(link.sentence),
        )
        for link in links.values()
    )
    NoteRevision.objects.create(
        note=note,
        version=note.version,
        author=editor,
        credibility=note.credibility,
        claimant_name=chosen_claimant.name if chosen_claimant else "",
        body=note.body,
        status=note.status,
        evidence=_evidence_snapshot(note),
    )
    return note


def _read_json(name: str, fixtures_dir: Path) -> list[dict]:
    path = fixtures_dir / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@dataclass
class LoadReport:
    stored: list[str]
    skipped: list[str]
    notes_stored: int = 0
    notes_skipped: int = 0


class StarterContentError(ValueError):
    """Starter content that cannot be loaded as written; names the fixture row at fault."""


@transaction.atomic
def starter_sources_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Load outlets, claimants and the seed articles; what is already stored is skipped."""
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
    report = LoadReport(stored=[], skipped=[])
    for row in _read_json("articles.json", fixtures_dir):
        text = (fixtures_dir / "seeds" / row["file"]).read_bytes().decode("utf-8")
        if Article.objects.filter(sha256=text_sha256(text)).exists():
            report.skipped.append(row["slug"])
            continue
        published = row.get("published")
        article_import(
            text=text,
            outlet=Outlet.objects.get(name=row["outlet"]),
            headline=row["headline"],
            slug=row["slug"],
            published=dt.date.fromisoformat(published) if published else None,
            published_precision=row.get("published_precision", DatePrecision.DAY),
            published_basis=row.get("published_basis", DateBasis.PRINTED),
            outlet_as_printed=row.get("outlet_as_printed", ""),
            wire=row.get("wire", ""),
            published_as_printed=row.get("published_as_printed", ""),
            date_doubtful=bool(row.get("date_doubtful", False)),
            published_note=row.get("published_note", ""),
            url=row.get("url", ""),
            retrieval_note=row.get("retrieval_note", ""),
            language=row.get("language", "en"),
            summary=row.get("summary", ""),
        )
        report.stored.append(row["slug"])
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
    """Everything `make run` loads, in one transaction: sources first, then notes on them."""
    report = starter_sources_load(fixtures_dir=fixtures_dir)
    report.notes_stored, report.notes_skipped = starter_notes_load(fixtures_dir=fixtures_dir)
    return report
