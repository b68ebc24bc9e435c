"""Storing new articles: one verbatim text with its provenance and sentences per call.

The admin, `import_articles`, the starter content and the scale corpus all come through here,
so a loaded article comes out exactly like the seeds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from articles import slugs
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
    DateBasis,
    DatePrecision,
    Outlet,
    Sentence,
    SentenceKind,
    text_sha256,
)
from articles.pages import article_changed
from articles.segmentation import Segment, segment
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
    def __init__(self, existing: Article):
        self.existing = existing
        super().__init__(
            f"This text is already stored as “{existing.headline}” ({existing.get_absolute_url()})."
        )


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
) -> list[Sentence]:
    """(Re)create an article's sentences from its verbatim text.

    `kinds` (position → kind) overrides the segmenter's default kinds, as corrected by the
    desk; `segments` saves segmenting the same text twice.
    """
    article.sentences.all().delete()
    article_changed(article=article)
    if segments is None:
        segments = segment(article.text, language=article.language)
    rows = _sentence_rows(article, segments, kinds)
    return Sentence.objects.bulk_create(rows)


def _sentence_rows(
    article: Article, segments: Iterable[Segment], kinds: Mapping[int, str] | None = None
) -> list[Sentence]:
    """Unsaved Sentence records for an article's segments (kinds overridden by position)."""
    kinds = kinds or {}
    return [
        Sentence(
            article=article,
            position=seg.position,
            start=seg.start,
            end=seg.end,
            kind=kinds.get(seg.position, seg.kind.value),
            text=seg.text,
        )
        for seg in segments
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
    **provenance: object,
) -> Article:
    """Store one article verbatim with its provenance and sentences.

    CRLF/CR line endings become LF before the checksum (the only change made to the text).
    Refuses empty or oversized text and a text whose SHA-256 is already stored
    (DuplicateArticle). `new_outlet` creates an outlet by name; `source_file` (name, bytes)
    keeps the original upload as evidence; `kinds` (position → kind) corrects default kinds.
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
    existing = Article.objects.filter(sha256=digest).first()
    if existing is not None:
        raise DuplicateArticle(existing)
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
        **provenance,
    )
    if source_file is not None:
        name, data = source_file
        article.source_file = ContentFile(data, name=Path(name).name or "original.txt")
    try:
        article.save()  # writes the original file to storage first
        sentences_store(article=article, kinds=kinds)
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


# Keys a sidecar FILE.json (or a row of fixtures/articles.json) may carry.
RECORD_KEYS = frozenset(
    """headline outlet wire published published_precision published_note url language
    outlet_as_printed published_basis published_as_printed date_doubtful retrieval_note
    summary slug""".split()
)


def _record_parse(record: Mapping[str, object]) -> dict[str, object]:
    """Article fields from a metadata record, checked; refuses what it cannot use."""
    unknown = sorted(set(record) - RECORD_KEYS)
    if unknown:
        raise ArticleImportError(f"unknown metadata key(s): {', '.join(unknown)}", field="record")
    fields: dict[str, object] = {}
    for key, value in record.items():
        if key == "date_doubtful":
            if not isinstance(value, bool):
                raise ArticleImportError("date_doubtful must be true or false", field=key)
        elif value is not None and not isinstance(value, str):
            raise ArticleImportError(f"{key} must be a string", field=key)
        fields[key] = value if value is not None else ""
    published = fields.pop("published", "")
    if published:
        try:
            fields["published"] = dt.date.fromisoformat(str(published))
        except ValueError:
            raise ArticleImportError(
                f"published is not an ISO date (YYYY-MM-DD): {published!r}", field="published"
            ) from None
    for key, choices in (
        ("published_precision", DatePrecision),
        ("published_basis", DateBasis),
    ):
        if key in fields and fields[key] == "":
            del fields[key]
        elif key in fields and fields[key] not in choices.values:
            raise ArticleImportError(
                f"{key} must be one of {', '.join(choices.values)}, not {fields[key]!r}", field=key
            )
    if fields.get("language") == "":
        del fields["language"]
    return fields


def article_file_import(
    *, path: Path, record: Mapping[str, object], keep_original: bool = True
) -> Article:
    """Import one .txt or .html file with its metadata record (a sidecar FILE.json).

    A missing headline is derived from the text (an HTML page's <h1> or <title>, else the
    first heading-like line); a missing or unknown outlet is refused with the reason.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleImportError(f"cannot read the file: {error.strerror}", field="file") from None
    try:
        intake = intake_from_file(data, path.name, max_bytes=settings.ARTICLE_MAX_BYTES)
    except IntakeError as error:
        raise ArticleImportError(str(error), field="file") from None
    fields = _record_parse(record)
    headline = str(fields.pop("headline", "") or "").strip() or headline_guess(intake)
    if not headline:
        raise ArticleImportError(
            "no headline: none in the metadata and no heading-like line in the text",
            field="headline",
        )
    outlet_name = str(fields.pop("outlet", "") or "").strip()
    if not outlet_name:
        raise ArticleImportError('no outlet: add "outlet" to the metadata', field="outlet")
    outlet = Outlet.objects.filter(name__iexact=outlet_name).first()
    if outlet is None:
        raise ArticleImportError(
            f"unknown outlet “{outlet_name}”: add it in the admin first, or use one of: "
            + ", ".join(Outlet.objects.values_list("name", flat=True)),
            field="outlet",
        )
    if not keep_original:
        intake = replace(intake, original=None)
    if not fields.get("language") and intake.language:
        fields["language"] = intake.language[:20]  # what the page declares (<html lang>)
    return intake_store(intake=intake, outlet=outlet, headline=headline, **fields)


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
    digests = [article.sha256 for article in articles]
    if len(set(digests)) != len(digests):
        raise ArticleImportError("The batch holds the same text twice.")
    existing = Article.objects.filter(sha256__in=digests).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    stored = Article.objects.bulk_create(articles)
    per_article = [
        _sentence_rows(article, segment(article.text, language=article.language))
        for article in stored
    ]
    Sentence.objects.bulk_create(
        [sentence for sentences in per_article for sentence in sentences], batch_size=2000
    )
    rows_changed(stored)
    return list(zip(stored, per_article, strict=True))


def sidecar_read(path: Path) -> dict[str, object]:
    """The metadata beside FILE, in FILE.json ({} when there is none); refuses bad JSON."""
    sidecar = path.with_name(path.name + ".json")
    if not sidecar.exists():
        return {}
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArticleImportError(f"{sidecar.name} is not valid JSON: {error}") from None
    if not isinstance(record, dict):
        raise ArticleImportError(f"{sidecar.name} must hold one JSON object")
    return record
