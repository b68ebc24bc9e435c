"""Storing new articles: one verbatim text with its provenance and sentences per call.

The admin, `import_articles`, the starter content and the scale corpus all come through here,
so a loaded article comes out exactly like the seeds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from articles import slugs
from articles.addressing import keys_issue
from articles.copies import (
    NearCopy,
    StoredCopy,
    body_of,
    duplicate_of,
    fingerprint_store,
    near_copies,
    report_of,
    sketch,
    text_key,
)
from articles.forms import Problem, record_clean
from articles.intake import (
    Intake,
    IntakeError,
    headline_guess,
    intake_from_file,
    intake_segments,
    line_endings_normalise,
)
from articles.models import (
    Article,
    ArticleFingerprint,
    ArticleRevision,
    DateBasis,
    DatePrecision,
    Outlet,
    Sentence,
    SentenceKind,
    text_sha256,
)
from articles.pages import article_changed
from articles.segmentation import Segment, segment
from articles.services.addresses import positions_record
from articles.writes import write_announce
from pagecache.stamps import rows_changed


class ArticleImportError(ValueError):
    """An article that cannot be stored, with a message fit for the desk.

    `field` names the input the message is about ("text", "outlet", "headline", …), so a
    form can show it in the right place.
    """

    def __init__(self, message: str, *, field: str = "text"):
        self.field = field
        super().__init__(message)


class DuplicateArticle(ArticleImportError):
    """The text is stored already: as an article's text, or as one it was corrected from."""

    def __init__(self, existing: Article, *, revision: ArticleRevision | None = None):
        self.existing = existing
        self.revision = revision
        if revision is not None:
            message = (
                f"This text is an earlier version of “{existing.headline}” "
                f"({existing.get_absolute_url()}), corrected since (revision {revision.number})."
            )
        else:
            message = (
                f"This text is already stored as “{existing.headline}” "
                f"({existing.get_absolute_url()})."
            )
        super().__init__(message)


def unique_slug(
    headline: str, *, outlet: Outlet | None = None, published: dt.date | None = None
) -> str:
    """A new article's slug, from its headline; one in another script gets outlet and date."""
    base = slugs.article_slug_base(
        headline, outlet_name=outlet.name if outlet else "", published=published
    )
    return slugs.unique_slug(Article, base, fallback="article")


def sentences_store(
    *,
    article: Article,
    kinds: Mapping[int, str] | None = None,
    segments: Sequence[Segment] | None = None,
    keys: Sequence[str] | None = None,
) -> list[Sentence]:
    """(Re)create an article's sentences from its verbatim text.

    `kinds` (position → kind) overrides the segmenter's default kinds, as corrected by the
    desk; `segments` saves segmenting the same text twice; `keys` (one per segment) are the
    addresses a correction carried over (articles.addressing), else new ones are issued.
    """
    article.sentences.all().delete()
    article_changed(article=article)
    if segments is None:
        segments = segment(article.text, language=article.language)
    rows = _sentence_rows(article, segments, kinds)
    if keys is not None:
        for row, key in zip(rows, keys, strict=True):
            row.key = key
    fingerprint_store(article=article, body=body_of((row.kind, row.text) for row in rows))
    return Sentence.objects.bulk_create(rows)


def _sentence_rows(
    article: Article, segments: Iterable[Segment], kinds: Mapping[int, str] | None = None
) -> list[Sentence]:
    """Unsaved Sentence records for an article's segments (kinds overridden by position)."""
    kinds = kinds or {}
    segments = list(segments)
    return [
        Sentence(
            article=article,
            key=key,
            position=seg.position,
            start=seg.start,
            end=seg.end,
            kind=kinds.get(seg.position, seg.kind.value),
            text=seg.text,
        )
        for seg, key in zip(segments, keys_issue(len(segments)), strict=True)
    ]


def _size_check(text: str, *, field: str = "text") -> None:
    size, limit = len(text.encode("utf-8")), settings.ARTICLE_MAX_BYTES
    if size > limit:
        raise ArticleImportError(
            f"The text is {size:,} bytes; the limit is {limit:,} bytes ({limit / 1_000_000:g} MB).",
            field=field,
        )


def _outlet_resolve(outlet: Outlet | None, new_outlet: str) -> Outlet:
    """The outlet chosen, or a new one created by name (inside the caller's transaction)."""
    name = " ".join(new_outlet.split())
    if outlet is not None and name:
        raise ArticleImportError(
            "Choose an outlet or name a new one, not both.", field="new_outlet"
        )
    if outlet is not None:
        return outlet
    if not name:
        raise ArticleImportError("Choose the outlet or name a new one.", field="outlet")
    existing = Outlet.objects.filter(name__iexact=name).first()
    if existing is not None:
        raise ArticleImportError(
            f"“{existing.name}” is already an outlet: choose it from the list.", field="new_outlet"
        )
    return Outlet.objects.create(name=name, slug=slugs.unique_slug(Outlet, name, fallback="outlet"))


@transaction.atomic
def article_import(
    *,
    text: str,
    outlet: Outlet | None = None,
    headline: str,
    slug: str = "",
    published: dt.date | None = None,
    published_precision: str = DatePrecision.DAY,
    published_basis: str = DateBasis.PRINTED,
    new_outlet: str = "",
    source_file: tuple[str, bytes] | None = None,
    kinds: Mapping[int, str] | None = None,
    segments: Sequence[Segment] | None = None,
    copy_of: Article | None = None,
    **provenance: object,
) -> Article:
    """Store one article verbatim with its provenance and sentences.

    CRLF/CR line endings become LF before the checksum (the only change made to the text).
    Refuses empty or oversized text and a text whose SHA-256 is already stored
    (DuplicateArticle). `new_outlet` creates an outlet by name; `source_file` (name, bytes)
    keeps the original upload as evidence; `kinds` (position → kind) corrects default kinds;
    `copy_of` records the text as a copy of a stored report (its first report, if that one is
    a copy itself). A text equal to a stored one but for trailing spaces, or to an earlier
    revision of a corrected one, is a duplicate too (articles.copies.text_key).
    If anything fails, nothing is left behind: no rows and no stored file.
    """
    text = line_endings_normalise(text)
    if not text.strip():
        raise ArticleImportError("The text is empty.")
    _size_check(text)
    if not headline.strip():
        raise ArticleImportError("The headline is empty.", field="headline")
    unknown = {kind for kind in (kinds or {}).values() if kind not in SentenceKind.values}
    if unknown:
        raise ArticleImportError(f"Unknown sentence kind: {', '.join(sorted(unknown))}.")
    digest = text_sha256(text)
    stored = duplicate_of(text)
    if stored is not None:
        raise DuplicateArticle(stored.article, revision=stored.revision)
    if slug and Article.objects.filter(slug=slug).exists():
        raise ArticleImportError(f"The slug “{slug}” is already taken.", field="slug")
    outlet = _outlet_resolve(outlet, new_outlet)
    article = Article(
        slug=slug or unique_slug(headline, outlet=outlet, published=published),
        headline=headline,
        outlet=outlet,
        published=published,
        published_precision=published_precision,
        published_basis=published_basis,
        text=text,
        sha256=digest,
        text_key=text_key(text),
        copy_of=report_of(copy_of) if copy_of is not None else None,
        **provenance,
    )
    if source_file is not None:
        name, data = source_file
        article.source_file = ContentFile(data, name=Path(name).name or "original.txt")
    try:
        article.save()  # writes the original file to storage first
        sentences = sentences_store(article=article, kinds=kinds, segments=segments)
        positions_record(articles=[article], sentences=sentences)
    except BaseException:
        # The rows roll back with the transaction; the file is not part of it.
        if article.source_file and article.source_file.name:
            article.source_file.storage.delete(article.source_file.name)
        raise
    write_announce(
        action="article.import",
        target=article,
        summary=f"Imported “{article.headline}” ({article.outlet}), "
        f"{len(text)} characters, sha256 {digest[:12]}…",
    )
    return article


def _retrieval_note(intake: Intake, note: str, *, keep_original: bool) -> str:
    """Say on the record what was done to the text between the file and the database."""
    said: list[str] = []
    if intake.from_html:
        said.append(
            f"Text extracted from the web page “{intake.filename}”: markup, scripts and styles "
            "dropped, paragraphs and line breaks kept."
        )
        if intake.encoding != "utf-8":
            said.append(f"Read as {intake.encoding}, the character set the page declares.")
    elif intake.from_pdf:
        said.append(
            f"Text taken from the text layer of the PDF “{intake.filename}” (pypdf), page "
            "after page; pages separated by a blank line."
        )
    elif intake.filename and keep_original:
        said.append(f"Uploaded as “{intake.filename}”.")
    elif not intake.filename:
        said.append("Pasted into the admin.")
    if intake.line_endings_changed:
        said.append(
            "Line endings normalised to LF (CRLF/CR → LF) before the checksum; "
            "no other change to the text."
        )
    if intake.original is not None and keep_original:
        said.append("The original file is kept byte for byte beside this record.")
    return "\n\n".join(part for part in [note.strip(), " ".join(said)] if part)


def intake_store(
    *,
    intake: Intake,
    headline: str,
    keep_original: bool = True,
    retrieval_note: str = "",
    **fields: object,
) -> Article:
    """Store what the desk handed in (see articles.intake) through article_import.

    The one path for the admin, `import_articles` and the starter content.
    """
    keep = keep_original and intake.original is not None
    if intake.hints:
        # The page's own structure (nav, figcaption, h1…) sets the default kinds; kinds the
        # desk chose in the preview win.
        language = str(fields.get("language") or intake.language or "en")
        hinted = {s.position: s.kind.value for s in intake_segments(intake, language=language)}
        fields["kinds"] = {**hinted, **dict(fields.get("kinds") or {})}
    return article_import(
        text=intake.text,
        headline=headline,
        source_file=(intake.filename, intake.original) if keep else None,
        retrieval_note=_retrieval_note(intake, retrieval_note, keep_original=keep),
        **fields,
    )


@dataclass
class FileCheck:
    """Everything known about one file before it is stored, and every problem with it."""

    path: Path
    intake: Intake | None = None
    headline: str = ""
    headline_guessed: bool = False
    outlet: Outlet | None = None
    outlet_name: str = ""
    fields: dict[str, object] = dataclass_field(default_factory=dict)
    copy_of: Article | None = None
    duplicate: StoredCopy | None = None
    near: list[NearCopy] = dataclass_field(default_factory=list)
    segments: list[Segment] = dataclass_field(default_factory=list)
    problems: list[Problem] = dataclass_field(default_factory=list)
    warnings: list[str] = dataclass_field(default_factory=list)

    @property
    def storable(self) -> bool:
        return self.intake is not None and not self.problems and self.duplicate is None


def article_file_check(
    *,
    path: Path,
    record: Mapping[str, object],
    keep_original: bool = True,
    outlets_pending: Sequence[str] = (),
) -> FileCheck:
    """Read and check one .txt/.html file with its metadata record; stores nothing.

    Every problem is collected (not only the first): the file, each metadata key, the
    headline, the outlet, the slug, a duplicate. A missing headline is taken from the text
    (an HTML page's <h1> or <title>, else the first heading-like line). A text that mostly
    repeats a stored article is recorded as a copy of it, unless the record says
    `"copy_of": false`. `outlets_pending` are names about to be created (a dry run).
    """
    check = FileCheck(path=path)
    try:
        data = path.read_bytes()
    except OSError as error:
        check.problems.append(Problem("file", f"cannot read the file: {error.strerror}"))
        data = None
    if data is not None:
        try:
            check.intake = intake_from_file(data, path.name, max_bytes=settings.ARTICLE_MAX_BYTES)
        except IntakeError as error:
            check.problems.append(Problem("file", str(error)))
    if check.intake is not None and not keep_original:
        check.intake = replace(check.intake, original=None)
    clean = record_clean(record)
    check.problems += clean.problems
    check.fields = clean.fields
    check.headline = clean.headline
    if not check.headline and check.intake is not None:
        check.headline = headline_guess(check.intake)
        check.headline_guessed = bool(check.headline)
        if check.headline_guessed:
            check.warnings.append(f"headline taken from the text: “{check.headline}”")
    if not check.headline and check.intake is not None:
        check.problems.append(
            Problem("headline", "none in the metadata and no heading-like line in the text")
        )
    check.outlet_name = clean.outlet
    _file_outlet_check(check, outlets_pending)
    slug = check.fields.get("slug")
    if slug and Article.objects.filter(slug=slug).exists():
        check.problems.append(Problem("slug", f"“{slug}” is already taken"))
    if check.intake is not None:
        if not check.fields.get("language") and check.intake.language:
            check.fields["language"] = check.intake.language[:20]  # as the page declares it
        check.segments = intake_segments(
            check.intake, language=str(check.fields.get("language") or "")
        )
        check.duplicate = duplicate_of(check.intake.text)
        if check.duplicate is None:
            _file_copy_check(check, clean.copy_of)
    return check


def _file_outlet_check(check: FileCheck, pending: Sequence[str]) -> None:
    name = check.outlet_name
    if not name:
        check.problems.append(Problem("outlet", 'none given: add "outlet" to the metadata'))
        return
    check.outlet = Outlet.objects.filter(name__iexact=name).first()
    if check.outlet is None and name.casefold() not in {p.casefold() for p in pending}:
        known = ", ".join(Outlet.objects.values_list("name", flat=True)) or "none yet"
        check.problems.append(
            Problem(
                "outlet",
                f"unknown outlet “{name}”: create it with --create-outlet (or in the admin), "
                f"or use one of: {known}",
            )
        )


def _file_copy_check(check: FileCheck, copy_of: str | bool | None) -> None:
    """Which stored report this text is a copy of: the record's word, else the sketch's."""
    if isinstance(copy_of, str):
        check.copy_of = Article.objects.filter(slug=copy_of).first()
        if check.copy_of is None:
            check.problems.append(Problem("copy_of", f"no stored article has the slug “{copy_of}”"))
        return
    body = body_of((seg.kind.value, seg.text) for seg in check.segments)
    check.near = near_copies(body)
    if check.near and copy_of is None:
        best = check.near[0]
        check.copy_of = report_of(best.article)
        check.warnings.append(
            f"looks like a copy of “{best.article.slug}” ({best.percent} % of the body matches): "
            f'recorded as a copy of “{check.copy_of.slug}” (say "copy_of": false if it is not)'
        )


def file_check_store(check: FileCheck) -> Article:
    """Store a checked file (refused with every problem if it has any)."""
    if check.duplicate is not None:
        raise DuplicateArticle(check.duplicate.article, revision=check.duplicate.revision)
    if check.problems or check.intake is None:
        first = check.problems[0].field if check.problems else "file"
        raise ArticleImportError("; ".join(str(p) for p in check.problems), field=first)
    outlet = check.outlet or Outlet.objects.get(name__iexact=check.outlet_name)
    return intake_store(
        intake=check.intake,
        outlet=outlet,
        headline=check.headline,
        copy_of=check.copy_of,
        segments=check.segments,
        **check.fields,
    )


def article_file_import(
    *, path: Path, record: Mapping[str, object], keep_original: bool = True
) -> Article:
    """Import one .txt or .html file with its metadata record (a sidecar FILE.json).

    article_file_check, then file_check_store: a duplicate raises DuplicateArticle, any
    other problem ArticleImportError naming every one.
    """
    return file_check_store(
        article_file_check(path=path, record=record, keep_original=keep_original)
    )


@transaction.atomic
def articles_bulk_import(*, articles: Sequence[Article]) -> list[tuple[Article, list[Sentence]]]:
    """Store a batch of new articles with their sentences in one transaction and few queries.

    The streaming form of article_import for large loads (the scale corpus): the same checks
    (no empty text, no SHA-256 stored twice), the same segmentation and the same records.
    Callers set each article's slug and provenance; feed batches of a few hundred so memory
    stays flat however many articles are loaded.
    """
    for article in articles:
        if not article.text.strip():
            raise ArticleImportError(f"{article.slug}: the text is empty.")
        article.sha256 = text_sha256(article.text)
        article.text_key = text_key(article.text)
    keys = [article.text_key for article in articles]
    if len(set(keys)) != len(keys):
        raise ArticleImportError("The batch holds the same text twice.")
    existing = Article.objects.filter(text_key__in=keys).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    stored = Article.objects.bulk_create(articles)
    per_article = [
        _sentence_rows(article, segment(article.text, language=article.language))
        for article in stored
    ]
    every = [sentence for sentences in per_article for sentence in sentences]
    Sentence.objects.bulk_create(every, batch_size=2000)
    positions_record(articles=stored, sentences=every)
    ArticleFingerprint.objects.bulk_create(
        [
            ArticleFingerprint(article=article, token=token)
            for article, rows in zip(stored, per_article, strict=True)
            for token in sketch(body_of((row.kind, row.text) for row in rows))
        ],
        batch_size=2000,
    )
    rows_changed(stored)
    return list(zip(stored, per_article, strict=True))


def sidecar_paths(path: Path) -> list[Path]:
    """Where FILE's metadata may be, in the order looked at: FILE.txt.json, then FILE.json."""
    return [path.with_name(path.name + ".json"), path.with_suffix(".json")]


def sidecar_find(path: Path) -> tuple[Path | None, list[Path]]:
    """The sidecar used for FILE (or None), and any other one beside it that is not used."""
    found = [candidate for candidate in dict.fromkeys(sidecar_paths(path)) if candidate.exists()]
    return (found[0] if found else None), found[1:]


def sidecar_read(path: Path) -> dict[str, object]:
    """The metadata beside FILE, in FILE.txt.json or FILE.json ({} when there is none).

    Refuses a file that is not one JSON object.
    """
    sidecar, _unused = sidecar_find(path)
    if sidecar is None:
        return {}
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArticleImportError(f"{sidecar.name} is not valid JSON: {error}") from None
    if not isinstance(record, dict):
        raise ArticleImportError(f"{sidecar.name} must hold one JSON object")
    return record
