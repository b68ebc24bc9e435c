"""Writes that touch several records: importing an article with its sentences, correcting
its text (notes follow by quote), merging and splitting sentences, saving a reliability note
with its evidence and revision, and loading the starter content. Each is one transaction: a
failure leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from articles import freshness
from articles.anchoring import Quote, quote_locate
from articles.intake import (
    Intake,
    IntakeError,
    headline_guess,
    intake_from_file,
    line_endings_normalise,
)
from articles.markup import render_markdown
from articles.models import (
    Article,
    ArticleRevision,
    Claimant,
    Credibility,
    DateBasis,
    DatePrecision,
    Evidence,
    Note,
    NoteRevision,
    Outlet,
    QuoteAnchor,
    Relation,
    Sentence,
    SentenceKind,
    SourceReliability,
    Status,
    text_sha256,
)
from articles.segmentation import Segment, segment
from articles.writes import write_announce

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


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


class SentenceEditError(ValueError):
    """A merge, split or re-attachment that would break the sentences; says why."""


class QuoteNotFound(ValueError):
    """A quote that anchors a note or an event cannot be found in its article."""


def unique_slug(headline: str) -> str:
    base = slugify(headline)[:180] or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    freshness.article_changed(article=article)
    rows = _sentence_rows(article, segment(article.text) if segments is None else segments, kinds)
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
    base = slugify(name)[:180] or "outlet"
    slug, n = base, 2
    while Outlet.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Outlet.objects.create(name=name, slug=slug)


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
    per_article = [_sentence_rows(article, segment(article.text)) for article in stored]
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


# --------------------------------------------------------------------------------------------
# Corrections: a new revision of the text; notes and evidence follow their quotes
# --------------------------------------------------------------------------------------------


def quote_anchor_models() -> list[type[QuoteAnchor]]:
    """Every model that points at a sentence by quote (notes, evidence, event evidence)."""
    return [model for model in apps.get_models() if issubclass(model, QuoteAnchor)]


def _sentence_is_unique(model: type[models.Model]) -> bool:
    return model._meta.get_field("sentence").one_to_one


def _anchor_label(anchor: QuoteAnchor) -> str:
    return f"{anchor._meta.verbose_name} #{anchor.pk}"


@dataclass
class AnchorOutcome:
    """Where one note or link went: "exact", "fuzzy" (with its score), or "orphaned"."""

    anchor: QuoteAnchor
    how: str
    score: float = 0.0
    reason: str = ""

    @property
    def label(self) -> str:
        return _anchor_label(self.anchor)


@dataclass
class CorrectionReport:
    article: Article
    revision: ArticleRevision
    sentences: int
    outcomes: list[AnchorOutcome] = field(default_factory=list)

    def _with(self, how: str) -> list[AnchorOutcome]:
        return [outcome for outcome in self.outcomes if outcome.how == how]

    @property
    def exact(self) -> list[AnchorOutcome]:
        return self._with("exact")

    @property
    def fuzzy(self) -> list[AnchorOutcome]:
        return self._with("fuzzy")

    @property
    def orphaned(self) -> list[AnchorOutcome]:
        return self._with("orphaned")


_QUOTE_FIELDS = [
    "sentence",
    "anchor_article",
    "quote_exact",
    "quote_prefix",
    "quote_suffix",
    "quote_start",
    "quote_end",
]


def _anchor_to(anchor: QuoteAnchor, sentence: Sentence | None) -> None:
    """Point `anchor` at `sentence` with a fresh quote, or orphan it keeping its old quote."""
    anchor.sentence = sentence
    if sentence is not None:
        for name, value in quote_anchor_for(sentence).items():
            setattr(anchor, name, value)


def _anchors_of(article: Article) -> list[QuoteAnchor]:
    """Every note and link anchored in `article`, attached or already orphaned."""
    anchors: list[QuoteAnchor] = []
    for model in quote_anchor_models():
        anchors.extend(
            model.objects.filter(Q(anchor_article=article) | Q(sentence__article=article))
            .select_related("sentence")
            .order_by("pk")
        )
    for anchor in anchors:
        if anchor.sentence is not None:
            anchor.sentence.article = article
            if not anchor.quote_exact:  # pinned before quotes were recorded
                _anchor_to(anchor, anchor.sentence)
        anchor.anchor_article = article
    return anchors


def _reanchor(
    article: Article,
    anchors: list[QuoteAnchor],
    sentences: list[Sentence],
    old_texts: Collection[str] = (),
) -> list[AnchorOutcome]:
    """Find each anchor's quote in the new sentences; a unique slot goes to the best match.

    Only sentences whose text is new (not among `old_texts`) can take a quote fuzzily.
    """
    spans = [(s.start, s.end) for s in sentences]
    changed = {i for i, s in enumerate(sentences) if s.text not in old_texts}
    found = []
    for anchor in anchors:
        located = quote_locate(
            article.text,
            spans,
            Quote(anchor.quote_exact, anchor.quote_prefix, anchor.quote_suffix, anchor.quote_start),
            fuzzy_among=changed,
        )
        found.append((anchor, located))
    # Exact matches first, then the closest fuzzy ones, so a unique sentence goes to the
    # note that fits it best.
    found.sort(key=lambda pair: (pair[1] is None, -(pair[1].score if pair[1] else 0), pair[0].pk))
    taken: set[tuple[type, int]] = set()
    outcomes: list[AnchorOutcome] = []
    for anchor, located in found:
        if located is None:
            _anchor_to(anchor, None)
            outcomes.append(AnchorOutcome(anchor, "orphaned", reason="quote not found"))
            continue
        sentence = sentences[located.index]
        slot = (type(anchor), sentence.pk)
        if _sentence_is_unique(type(anchor)) and slot in taken:
            _anchor_to(anchor, None)
            outcomes.append(
                AnchorOutcome(
                    anchor,
                    "orphaned",
                    located.score,
                    f"its sentence #{sentence.position} already has one",
                )
            )
            continue
        taken.add(slot)
        _anchor_to(anchor, sentence)
        outcomes.append(AnchorOutcome(anchor, "exact" if located.exact else "fuzzy", located.score))
    for model in {type(anchor) for anchor in anchors}:
        model.objects.bulk_update([a for a in anchors if type(a) is model], _QUOTE_FIELDS)
    outcomes.sort(key=lambda outcome: outcome.label)
    return outcomes


@transaction.atomic
def article_text_correct(
    *, article: Article, text: str, reason: str, editor: object | None
) -> CorrectionReport:
    """Replace an article's text with a corrected one, keeping the old text as a revision.

    The text is re-segmented and every note and evidence link is re-anchored by its quote
    (exact, then fuzzy); those that cannot be are kept, orphaned, with their old quote.
    Kinds the desk set survive on sentences whose text did not change. Nothing is deleted.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    text = line_endings_normalise(text)
    if not reason.strip():
        raise ArticleImportError("Say why the text is corrected.", field="reason")
    if not text.strip():
        raise ArticleImportError("The text is empty.")
    _size_check(text)
    digest = text_sha256(text)
    if digest == article.sha256:
        raise ArticleImportError("The text is unchanged.")
    existing = Article.objects.filter(sha256=digest).exclude(pk=article.pk).first()
    if existing is not None:
        raise DuplicateArticle(existing)

    anchors = _anchors_of(article)
    old_kinds: dict[str, str] = {}
    for sentence_text, kind in article.sentences.values_list("text", "kind"):
        old_kinds.setdefault(sentence_text, kind)

    revision = ArticleRevision.objects.create(
        article=article,
        number=article.revision,
        text=article.text,
        sha256=article.sha256,
        reason=reason.strip(),
        editor=editor,
    )
    article.text, article.sha256, article.revision = text, digest, article.revision + 1
    article.save(update_fields=["text", "sha256", "revision", "updated_at"])

    segments = segment(text)
    kinds = {seg.position: old_kinds[seg.text] for seg in segments if seg.text in old_kinds}
    sentences = sentences_store(article=article, kinds=kinds, segments=segments)
    for sentence in sentences:
        sentence.article = article
    outcomes = _reanchor(article, anchors, sentences, old_texts=old_kinds.keys())
    report = CorrectionReport(article, revision, len(sentences), outcomes)
    write_announce(
        action="article.correct",
        target=article,
        summary=f"Text corrected to revision {article.revision} ({reason.strip()}): "
        f"{len(sentences)} sentences; {len(report.exact)} anchors exact, "
        f"{len(report.fuzzy)} fuzzy, {len(report.orphaned)} orphaned",
        editor=editor,
    )
    return report


# --------------------------------------------------------------------------------------------
# Sentence corrections: merge, split, re-attach; spans keep tiling the text
# --------------------------------------------------------------------------------------------

# Positions are unique per article and the database checks that row by row, so renumbering
# goes through a range no real position reaches.
_POSITION_PARK = 10_000_000


def _positions_shift(article_id: int, *, after: int, by: int) -> None:
    """Move every sentence after position `after` by `by` places."""
    Sentence.objects.filter(article_id=article_id, position__gt=after).update(
        position=F("position") + _POSITION_PARK
    )
    Sentence.objects.filter(article_id=article_id, position__gt=after + _POSITION_PARK).update(
        position=F("position") - _POSITION_PARK + by
    )


def _anchors_on(sentence: Sentence) -> Iterable[QuoteAnchor]:
    for model in quote_anchor_models():
        yield from model.objects.filter(sentence=sentence).order_by("pk")


@transaction.atomic
def sentence_merge(*, sentence: Sentence) -> Sentence:
    """Merge `sentence` with the one after it; returns the merged sentence.

    Notes and links on the second follow it; where the first already has a note, the
    second's note is kept orphaned with its quote rather than lost.
    """
    first = Sentence.objects.select_for_update().select_related("article").get(pk=sentence.pk)
    second = (
        Sentence.objects.select_for_update()
        .filter(article_id=first.article_id, position=first.position + 1)
        .first()
    )
    if second is None:
        raise SentenceEditError(
            "This is the article's last sentence: there is nothing after it to merge with."
        )
    first.end = second.end
    first.text = first.article.text[first.start : first.end]
    first.save(update_fields=["end", "text"])
    second.article = first.article
    on_first = list(_anchors_on(first))
    unique_taken = {type(anchor) for anchor in on_first if _sentence_is_unique(type(anchor))}
    for anchor in on_first:
        _anchor_to(anchor, first)
        anchor.save(update_fields=_QUOTE_FIELDS)
    for anchor in list(_anchors_on(second)):
        if _sentence_is_unique(type(anchor)) and type(anchor) in unique_taken:
            anchor.anchor_article = first.article
            _anchor_to(anchor, None)
        else:
            _anchor_to(anchor, first)
        anchor.save(update_fields=_QUOTE_FIELDS)
    gone = second.position
    second.delete()
    _positions_shift(first.article_id, after=gone, by=-1)
    freshness.article_changed(article=first.article)
    write_announce(
        action="sentence.merge",
        target=first,
        summary=f"Sentence #{first.position} merged with #{gone} (characters "
        f"{first.start}–{first.end})",
    )
    return first


@transaction.atomic
def sentence_split(*, sentence: Sentence, at: int) -> tuple[Sentence, Sentence]:
    """Split `sentence` before its character `at` (0-based, within the sentence's text).

    Whitespace at the cut stays between the two; each note or link stays with the part
    holding most of its quote.
    """
    whole = Sentence.objects.select_for_update().select_related("article").get(pk=sentence.pk)
    if not 0 < at < len(whole.text):
        raise SentenceEditError(
            f"Choose a point inside the sentence (1 to {len(whole.text) - 1} characters in)."
        )
    left_text, right_text = whole.text[:at], whole.text[at:]
    if not left_text.strip() or not right_text.strip():
        raise SentenceEditError("Both parts need some text: split between words, not at an end.")
    left_end = whole.start + len(left_text.rstrip())
    right_start = whole.start + at + (len(right_text) - len(right_text.lstrip()))
    anchors = list(_anchors_on(whole))
    spans = {}
    for anchor in anchors:
        spans[anchor.pk, type(anchor)] = _quote_span(anchor, whole)

    _positions_shift(whole.article_id, after=whole.position, by=1)
    right = Sentence.objects.create(
        article=whole.article,
        position=whole.position + 1,
        start=right_start,
        end=whole.end,
        kind=whole.kind,
        text=whole.article.text[right_start : whole.end],
    )
    whole.end = left_end
    whole.text = whole.article.text[whole.start : left_end]
    whole.save(update_fields=["end", "text"])
    for anchor in anchors:
        start, end = spans[anchor.pk, type(anchor)]
        in_left = max(0, min(end, left_end) - max(start, whole.start))
        in_right = max(0, min(end, right.end) - max(start, right.start))
        _anchor_to(anchor, whole if in_left >= in_right else right)
        anchor.save(update_fields=_QUOTE_FIELDS)
    freshness.article_changed(article=whole.article)
    write_announce(
        action="sentence.split",
        target=whole,
        summary=f"Sentence #{whole.position} split {at} characters in: "
        f"#{whole.position} and #{right.position}",
    )
    return whole, right


def _quote_span(anchor: QuoteAnchor, sentence: Sentence) -> tuple[int, int]:
    """Where the anchor's quote sits in the article, as far as it lies in `sentence`."""
    if anchor.quote_exact:
        at = sentence.text.find(anchor.quote_exact)
        if at >= 0:
            return sentence.start + at, sentence.start + at + len(anchor.quote_exact)
    return sentence.start, sentence.end


@transaction.atomic
def anchor_reattach(*, anchor: QuoteAnchor, sentence: Sentence) -> QuoteAnchor:
    """Attach a note or link (typically an orphaned one) to a sentence chosen by hand."""
    if anchor.anchor_article_id and sentence.article_id != anchor.anchor_article_id:
        raise SentenceEditError("Choose a sentence of the article the quote came from.")
    model = type(anchor)
    if (
        _sentence_is_unique(model)
        and model.objects.filter(sentence=sentence).exclude(pk=anchor.pk).exists()
    ):
        raise SentenceEditError(
            f"Sentence #{sentence.position} already has a {model._meta.verbose_name}; "
            "choose another."
        )
    _anchor_to(anchor, sentence)
    anchor.save(update_fields=_QUOTE_FIELDS)
    freshness.anchor_changed(anchor)
    write_announce(
        action="anchor.reattach",
        target=anchor,
        summary=f"{anchor._meta.verbose_name.capitalize()} re-attached to sentence {sentence}",
    )
    return anchor


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
    # Pages the note shows on now (its evidence may change): refreshed along with the new ones.
    shown_before = freshness.note_keys(note) if note is not None else set()
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

    was_published = note.pk is not None and note.status == Status.PUBLISHED
    becomes_published = status == Status.PUBLISHED and not was_published
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
    freshness.note_changed(note=note, before=shown_before)
    write_announce(
        action="note.publish"
        if becomes_published
        else "note.unpublish"
        if was_published and status != Status.PUBLISHED
        else "note.save",
        target=note,
        summary=f"Version {note.version}: credibility {note.credibility}, {note.status}, "
        f"claimant {chosen_claimant or 'none'}, {len(links)} evidence link(s)",
        editor=editor,
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
    freshness.site_changed()  # outlets' grades and claimants show on every page


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
    """Everything `make run` loads, in one transaction: sources first, then notes on them."""
    report = starter_sources_load(fixtures_dir=fixtures_dir)
    report.notes_stored, report.notes_skipped = starter_notes_load(fixtures_dir=fixtures_dir)
    return report
