"""Sentence addresses through the desk's changes: keys carried, changes recorded.

What a reader finds at an old address is read from these records (notes.views), so every
write that changes sentences (a correction, a split, a merge) goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from articles.addressing import Carried, OldSentence, keys_issue
from articles.models import AddressChange, Article, Sentence, SentenceAddress, SentencePosition
from articles.services.anchors import QUOTE_CONTEXT


def old_sentences_of(article: Article, sentences: Iterable[Sentence]) -> list[OldSentence]:
    """The article's sentences as they stand, with the context a quote is found by."""
    text = article.text
    return [
        OldSentence(
            key=s.key,
            text=s.text,
            start=s.start,
            end=s.end,
            prefix=text[max(0, s.start - QUOTE_CONTEXT) : s.start],
            suffix=text[s.end : s.end + QUOTE_CONTEXT],
        )
        for s in sentences
    ]


def keys_taken(article: Article) -> set[str]:
    """Every key the article has issued, current or retired: none is issued twice."""
    current = set(Sentence.objects.filter(article=article).values_list("key", flat=True))
    return current | set(article.addresses.values_list("key", flat=True))


def keys_for_correction(
    *, article: Article, carried: Sequence[Carried], count: int, taken: set[str]
) -> list[str]:
    """A key for each of `count` new sentences: the carried ones, then fresh ones."""
    keys: list[str | None] = [None] * count
    for outcome in carried:
        if outcome.how in {"unchanged", "corrected"} and outcome.index is not None:
            keys[outcome.index] = outcome.old.key
    fresh = iter(keys_issue(sum(1 for key in keys if key is None), taken))
    return [key if key is not None else next(fresh) for key in keys]


def address_changes_record(
    *,
    article: Article,
    carried: Sequence[Carried],
    old_positions: Sequence[int],
    keys: Sequence[str],
    revision: int,
) -> list[SentenceAddress]:
    """Record what became of every old address a correction changed (unchanged ones: nothing)."""
    rows = []
    for outcome, position in zip(carried, old_positions, strict=True):
        if outcome.how == "unchanged":
            continue
        change = {
            "corrected": AddressChange.CORRECTED,
            "merged": AddressChange.MERGED,
            "gone": AddressChange.GONE,
        }[outcome.how]
        now_key = keys[outcome.index] if outcome.index is not None else ""
        rows.append(
            SentenceAddress(
                article=article,
                key=outcome.old.key,
                change=change,
                old_text=outcome.old.text,
                old_position=position,
                revision=revision,
                now_key=now_key,
            )
        )
    return SentenceAddress.objects.bulk_create(rows)


def address_change_record(
    *, sentence: Sentence, change: str, old_text: str, now_key: str, key: str = ""
) -> SentenceAddress:
    """Record one desk change (split, merge) to the address of `sentence` (or of `key`)."""
    return SentenceAddress.objects.create(
        article=sentence.article,
        key=key or sentence.key,
        change=change,
        old_text=old_text,
        old_position=sentence.position,
        revision=sentence.article.revision,
        now_key=now_key,
    )


def positions_record(*, articles: Iterable[Article], sentences: Iterable[Sentence]) -> None:
    """Freeze what each position meant when the article's sentences were first stored."""
    revisions = {article.pk: article.revision for article in articles}
    SentencePosition.objects.bulk_create(
        [
            SentencePosition(
                article_id=s.article_id,
                position=s.position,
                key=s.key,
                revision=revisions[s.article_id],
            )
            for s in sentences
        ],
        batch_size=2000,
    )
