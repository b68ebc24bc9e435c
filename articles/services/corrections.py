"""Correcting an article's text: a new revision; notes and evidence follow their quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from articles.addressing import Correction, keys_carry_in
from articles.copies import duplicate_of, text_key
from articles.intake import line_endings_normalise
from articles.models import Article, ArticleRevision, SentenceAddress, text_sha256
from articles.segmentation import segment
from articles.services.addresses import (
    address_changes_record,
    keys_for_correction,
    keys_taken,
    old_sentences_of,
)
from articles.services.anchors import AnchorOutcome, _anchors_of, _reanchor
from articles.services.sources import (
    ArticleImportError,
    DuplicateArticle,
    _size_check,
    sentences_store,
)
from articles.writes import write_announce


@dataclass
class CorrectionReport:
    article: Article
    revision: ArticleRevision
    sentences: int
    outcomes: list[AnchorOutcome] = field(default_factory=list)
    # Old addresses whose words changed: corrected, merged into another, or gone.
    addresses: list[SentenceAddress] = field(default_factory=list)

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


@transaction.atomic
def article_text_correct(
    *, article: Article, text: str, reason: str, editor: object | None
) -> CorrectionReport:
    """Replace an article's text with a corrected one, keeping the old text as a revision.

    The text is re-segmented; each sentence address is carried to the same words, and what
    became of the others is recorded (corrected, merged, gone) for readers of old links.
    Every note and evidence link is re-anchored by its quote (exact, then a close match on
    what replaced its sentence); those that cannot be are kept, orphaned, with their old
    quote and the reason. Kinds the desk set survive on unchanged sentences. Nothing is
    deleted.
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
    stored = duplicate_of(text, exclude=article)
    if stored is not None:
        raise DuplicateArticle(stored.article, revision=stored.revision)

    anchors = _anchors_of(article)
    old = list(article.sentences.order_by("position"))
    old_kinds: dict[str, str] = {}
    for sentence in old:
        old_kinds.setdefault(sentence.text, sentence.kind)
    before = old_sentences_of(article, old)
    taken = keys_taken(article)

    revision = ArticleRevision.objects.create(
        article=article,
        number=article.revision,
        text=article.text,
        sha256=article.sha256,
        text_key=text_key(article.text),
        reason=reason.strip(),
        editor=editor,
    )
    article.text, article.sha256, article.revision = text, digest, article.revision + 1
    article.text_key = text_key(text)
    article.save(update_fields=["text", "sha256", "text_key", "revision", "updated_at"])

    segments = segment(text, language=article.language)
    correction = Correction(before, text, [(seg.start, seg.end) for seg in segments])
    carried = keys_carry_in(correction)
    keys = keys_for_correction(article=article, carried=carried, count=len(segments), taken=taken)
    kinds = {seg.position: old_kinds[seg.text] for seg in segments if seg.text in old_kinds}
    sentences = sentences_store(article=article, kinds=kinds, segments=segments, keys=keys)
    for sentence in sentences:
        sentence.article = article
    addresses = address_changes_record(
        article=article,
        carried=carried,
        old_positions=[s.position for s in old],
        keys=keys,
        revision=revision.number,
    )
    merged_into = {c.index: c.old.key for c in carried if c.how == "merged"}
    was_in = {s.pk: i for i, s in enumerate(old)}
    outcomes = _reanchor(article, anchors, sentences, correction, was_in, merged_into)
    report = CorrectionReport(article, revision, len(sentences), outcomes, addresses)
    write_announce(
        action="article.correct",
        target=article,
        summary=f"Text corrected to revision {article.revision} ({reason.strip()}): "
        f"{len(sentences)} sentences; {len(report.exact)} anchors exact, "
        f"{len(report.fuzzy)} fuzzy, {len(report.orphaned)} orphaned",
        editor=editor,
    )
    return report
