"""Writes that touch several records: importing an article with its sentences, and
loading the starter content. Each is one transaction: a failure leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from articles import freshness
from articles.models import (
    Article,
    Claimant,
    DateBasis,
    DatePrecision,
    Outlet,
    Sentence,
    SourceReliability,
    text_sha256,
)
from articles.segmentation import segment

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
    freshness.article_changed(article=article)
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
    sentences_store(article=article)  # stamps the article's pages, the index and timeline
    return article


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
        [
            Sentence(
                article=article,
                position=seg.position,
                start=seg.start,
                end=seg.end,
                kind=seg.kind.value,
                text=seg.text,
            )
            for seg in segment(article.text)
        ]
        for article in stored
    ]
    Sentence.objects.bulk_create(
        [sentence for sentences in per_article for sentence in sentences], batch_size=2000
    )
    freshness.stamps_bump({key for article in stored for key in freshness.article_keys(article)})
    return list(zip(stored, per_article, strict=True))


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


def _read_json(name: str, fixtures_dir: Path) -> list[dict]:
    path = fixtures_dir / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@dataclass
class LoadReport:
    stored: list[str]
    skipped: list[str]


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
    freshness.site_changed()  # outlets' grades and claimants show on every page
    return report
