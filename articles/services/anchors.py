"""Notes, evidence and event evidence point at sentences by quote; this keeps them pointing.

Whatever model is anchored by quote (any concrete QuoteAnchor, from whichever app) is found
through the app registry, so the sources layer never names the layers above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from articles.addressing import Correction
from articles.anchoring import Quote
from articles.models import Article, QuoteAnchor, Sentence
from articles.writes import write_announce
from pagecache.stamps import rows_changed


class SentenceEditError(ValueError):
    """A merge, split or re-attachment that would break the sentences; says why."""


class QuoteNotFound(ValueError):
    """A quote that anchors a note or an event cannot be found in its article."""


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


_QUOTE_FIELDS = [
    "sentence",
    "anchor_article",
    "quote_exact",
    "quote_prefix",
    "quote_suffix",
    "quote_start",
    "quote_end",
    "reanchored_from",
    "reanchored_at",
    "orphan_reason",
    "fold_into",
]


def _anchor_to(anchor: QuoteAnchor, sentence: Sentence | None) -> None:
    """Point `anchor` at `sentence` with a fresh quote, or orphan it keeping its old quote.

    A move onto other words keeps the words it was written on (`reanchored_from`, the first
    ones, however often it moves) and when, so editors see it and the desk can undo it.
    """
    anchor.sentence = sentence
    if sentence is None:
        return
    old_quote = anchor.quote_exact
    for name, value in quote_anchor_for(sentence).items():
        setattr(anchor, name, value)
    anchor.orphan_reason = anchor.fold_into = ""
    if old_quote and old_quote != anchor.quote_exact:
        anchor.reanchored_from = anchor.reanchored_from or old_quote
        anchor.reanchored_at = timezone.now()


def _anchor_orphan(anchor: QuoteAnchor, reason: str, *, fold_into: str = "") -> None:
    """Leave `anchor` without a sentence, with its old quote and the reason, for the desk;
    `fold_into` names the sentence (by key) a merge put its words into."""
    anchor.sentence = None
    anchor.orphan_reason = reason[: QuoteAnchor._meta.get_field("orphan_reason").max_length]
    anchor.fold_into = fold_into


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
    correction: Correction,
    was_in: dict[int, int],
    merged_into: dict[int, str] | None = None,
) -> list[AnchorOutcome]:
    """Find each anchor's quote in the new sentences; a unique slot goes to the best match.

    `was_in` maps an old sentence's pk to its index in the correction: a close match may only
    land on what replaced that sentence in the diff, never on inserted text (see
    articles.addressing.Correction). `merged_into` (new index → what was merged there) names
    the sentence an orphaned note should be folded into.
    """
    merged_into = merged_into or {}
    found = []
    for anchor in anchors:
        quote = Quote(
            anchor.quote_exact, anchor.quote_prefix, anchor.quote_suffix, anchor.quote_start
        )
        found.append((anchor, correction.locate(quote, was_in.get(anchor.sentence_id))))
    # Exact matches first, then the closest fuzzy ones, so a unique sentence goes to the
    # note that fits it best.
    found.sort(key=lambda pair: (pair[1] is None, -(pair[1].score if pair[1] else 0), pair[0].pk))
    taken: set[tuple[type, int]] = set()
    outcomes: list[AnchorOutcome] = []
    for anchor, located in found:
        if located is None:
            reason = (
                "its sentence was removed or rewritten past recognition by the correction"
                if anchor.sentence_id
                else "its quote is still not in the text"
            )
            _anchor_orphan(anchor, reason)
            outcomes.append(AnchorOutcome(anchor, "orphaned", reason=reason))
            continue
        sentence = sentences[located.index]
        slot = (type(anchor), sentence.pk)
        if _sentence_is_unique(type(anchor)) and slot in taken:
            reason = f"its sentence #{sentence.position} already has one"
            fold_into = ""
            if located.index in merged_into:
                reason += " (the sentences were merged): fold this one into it"
                fold_into = sentence.key
            _anchor_orphan(anchor, reason, fold_into=fold_into)
            outcomes.append(AnchorOutcome(anchor, "orphaned", located.score, reason))
            continue
        taken.add(slot)
        _anchor_to(anchor, sentence)
        outcomes.append(AnchorOutcome(anchor, "exact" if located.exact else "fuzzy", located.score))
    for model in {type(anchor) for anchor in anchors}:
        model.objects.bulk_update([a for a in anchors if type(a) is model], _QUOTE_FIELDS)
    outcomes.sort(key=lambda outcome: outcome.label)
    return outcomes


def _anchors_on(sentence: Sentence) -> Iterable[QuoteAnchor]:
    for model in quote_anchor_models():
        yield from model.objects.filter(sentence=sentence).order_by("pk")


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
    rows_changed([anchor])
    write_announce(
        action="anchor.reattach",
        target=anchor,
        summary=f"{anchor._meta.verbose_name.capitalize()} re-attached to sentence {sentence}",
    )
    return anchor


@transaction.atomic
def anchor_detach(*, anchor: QuoteAnchor, reason: str) -> QuoteAnchor:
    """Undo a wrong move: the note or link becomes an orphan again, on the words it was
    written on, with the desk's reason; nothing is deleted."""
    if anchor.sentence_id is None:
        raise SentenceEditError("It is already orphaned: re-attach it instead.")
    if not reason.strip():
        raise SentenceEditError("Say why it is detached.")
    article = anchor.sentence.article
    anchor.anchor_article = article
    if anchor.reanchored_from:
        anchor.quote_exact = anchor.reanchored_from
        anchor.reanchored_from, anchor.reanchored_at = "", None
    _anchor_orphan(anchor, f"detached by the desk: {reason.strip()}")
    anchor.save(update_fields=_QUOTE_FIELDS)
    rows_changed([anchor])
    return anchor
