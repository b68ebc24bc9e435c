"""Storing new articles: one verbatim text with its provenance and sentences per call.

The admin, `import_articles`, the starter content and the scale corpus all come through here,
so a loaded article comes out exactly like the seeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from articles import slugs
from articles.addressing import keys_issue
from articles.copies import body_of, duplicate_of, fingerprint_store, report_of, sketch, text_key
from articles.intake import Intake, intake_segments, line_endings_normalise
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
