"""Correcting an article's text: a new revision; notes and evidence follow their quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from articles.intake import line_endings_normalise
from articles.models import Article, ArticleRevision, text_sha256
from articles.segmentation import segment
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

    segments = segment(text, language=article.language)
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
