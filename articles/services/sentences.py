"""Sentence fixes by the desk: merge, split; spans keep tiling the text, notes follow."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, QuerySet

from articles.addressing import keys_issue
from articles.models import AddressChange, Article, Sentence, SentenceKind
from articles.pages import article_changed
from articles.services.addresses import address_change_record, keys_taken
from articles.services.anchors import (
    _QUOTE_FIELDS,
    SentenceEditError,
    _anchor_orphan,
    _anchor_to,
    _anchors_on,
    _quote_span,
    _sentence_is_unique,
)
from articles.writes import write_announce

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


@transaction.atomic
def sentence_merge(*, sentence: Sentence) -> Sentence:
    """Merge `sentence` with the one after it; returns the merged sentence.

    Notes and links on the second follow it; where the first already has a note, the
    second's note is kept orphaned with its quote and the reason, listed on the merged
    sentence's page for an editor to fold in. Both addresses lead to the merged sentence.
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
    for merged in (first, second):
        address_change_record(
            sentence=merged, change=AddressChange.MERGED, old_text=merged.text, now_key=first.key
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
            _anchor_orphan(
                anchor,
                f"merged into sentence #{first.position}, which has its own "
                f"{anchor._meta.verbose_name}: fold this one into it",
                fold_into=first.key,
            )
        else:
            _anchor_to(anchor, first)
        anchor.save(update_fields=_QUOTE_FIELDS)
    gone = second.position
    second.delete()
    _positions_shift(first.article_id, after=gone, by=-1)
    article_changed(article=first.article)
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
    holding most of its quote. The address goes with the larger part (it holds most of the
    words the address meant) and says it was split; the other part gets a new address.
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
    spans_end = whole.end
    spans = {}
    for anchor in anchors:
        spans[anchor.pk, type(anchor)] = _quote_span(anchor, whole)

    address_change_record(
        sentence=whole, change=AddressChange.SPLIT, old_text=whole.text, now_key=whole.key
    )
    old_key = whole.key
    (new_key,) = keys_issue(1, keys_taken(whole.article))
    right_larger = whole.end - right_start > left_end - whole.start
    _positions_shift(whole.article_id, after=whole.position, by=1)
    whole.end = left_end
    whole.text = whole.article.text[whole.start : left_end]
    whole.key = new_key if right_larger else old_key
    whole.save(update_fields=["end", "text", "key"])
    right = Sentence.objects.create(
        article=whole.article,
        key=old_key if right_larger else new_key,
        position=whole.position + 1,
        start=right_start,
        end=spans_end,
        kind=whole.kind,
        text=whole.article.text[right_start:spans_end],
    )
    for anchor in anchors:
        start, end = spans[anchor.pk, type(anchor)]
        in_left = max(0, min(end, left_end) - max(start, whole.start))
        in_right = max(0, min(end, right.end) - max(start, right.start))
        _anchor_to(anchor, whole if in_left >= in_right else right)
        anchor.save(update_fields=_QUOTE_FIELDS)
    article_changed(article=whole.article)
    write_announce(
        action="sentence.split",
        target=whole,
        summary=f"Sentence #{whole.position} split {at} characters in: "
        f"#{whole.position} and #{right.position}",
    )
    return whole, right


@transaction.atomic
def sentences_kind_set(*, sentences: QuerySet[Sentence], kind: str) -> int:
    """Mark `sentences` as `kind` (the desk's list action); returns how many were changed."""
    articles = list(Article.objects.filter(pk__in=sentences.values("article_id")))
    named = [str(sentence) for sentence in sentences.select_related("article")[:20]]
    changed = sentences.update(kind=kind)
    for article in articles:
        article_changed(article=article)
    if articles:  # one record of the action, filed under the (first) article
        write_announce(
            action="sentence.kind",
            target=articles[0],
            summary=f"{changed} sentence(s) marked as {SentenceKind(kind).label.lower()}: "
            + ", ".join(named)
            + (" …" if changed > len(named) else ""),
        )
    return changed
