"""Sentence addresses: short keys issued once, and carrying them across a re-segmentation.

A sentence's address is `/articles/<slug>/s/<key>/`. The key is random (so it never reads as
a position a reader might count on), issued when the sentence is first stored and carried to
whichever new sentence holds the same words after a correction, by the same quote matching
the notes use. Pure Python (no Django), like articles.anchoring.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from articles.anchoring import Located, Quote, quote_locate

__all__ = [
    "KEY_ALPHABET",
    "KEY_LENGTH",
    "KEY_PATTERN",
    "Carried",
    "Correction",
    "OldSentence",
    "keys_issue",
    "keys_carry",
    "keys_carry_in",
]

# Lower-case letters and digits without the look-alikes (0/o, 1/l/i), so a key read aloud or
# retyped from print survives; the first is always a letter, so a key never looks like (or
# routes as) a position. 23 · 31⁷ ≈ 6·10¹¹ keys: within one article a repeat is as good as
# impossible, and keys_issue refuses one anyway.
_LETTERS = "abcdefghjkmnpqrstuvwxyz"
KEY_ALPHABET = _LETTERS + "23456789"
KEY_LENGTH = 8
KEY_PATTERN = f"[{_LETTERS}][{KEY_ALPHABET}]{{{KEY_LENGTH - 1}}}"


# How much of a quote a longer sentence that replaced it must hold, in order, to count as the
# sentence it was merged into: stricter than FUZZY_THRESHOLD, as the rest of the text is free.
MERGE_COVERAGE = 0.9


def keys_issue(count: int, taken: Collection[str] = ()) -> list[str]:
    """`count` new keys, none among `taken` (the article's keys, current and retired)."""
    issued: list[str] = []
    seen = set(taken)
    while len(issued) < count:
        key = secrets.choice(_LETTERS) + "".join(
            secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH - 1)
        )
        if key not in seen:
            seen.add(key)
            issued.append(key)
    return issued


@dataclass(frozen=True)
class OldSentence:
    """A sentence as it stood before the correction: its key, words and place."""

    key: str
    text: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Carried:
    """What became of one old sentence's address.

    `how` is "unchanged" (same words), "corrected" (the new sentence at `index` replaced it:
    a corrected wording, or the larger part of a split), "merged" (its words are now part of
    the sentence at `index`, which holds another old sentence's key) or "gone".
    """

    old: OldSentence
    how: str
    index: int | None = None
    score: float = 0.0


class Correction:
    """An article's sentences before and after a correction, compared once.

    difflib over the two lists of sentence texts says which old sentences were kept word for
    word and, for every other one, which new sentences replaced it at the same place: a
    deleted sentence (difflib 'delete') is replaced by nothing, and text the correction
    inserted elsewhere is another sentence, however alike.
    """

    def __init__(self, old: Sequence[OldSentence], text: str, spans: Sequence[tuple[int, int]]):
        self.old, self.text, self.spans = list(old), text, list(spans)
        self.new_texts = [text[s:e] for s, e in spans]
        self.same: dict[int, int] = {}  # old index → new index, word for word in place
        self.replaced: dict[int, set[int]] = {}
        matcher = SequenceMatcher(None, [o.text for o in old], self.new_texts, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self.same.update(zip(range(i1, i2), range(j1, j2), strict=True))
            elif tag in {"replace", "delete"}:
                block = set(range(j1, j2)) if tag == "replace" else set()
                for i in range(i1, i2):
                    self.replaced[i] = block
        self._by_text: dict[str, set[int]] = {}
        for j, new_text in enumerate(self.new_texts):
            self._by_text.setdefault(new_text, set()).add(j)

    def locate(self, quote: Quote, was_in: int | None) -> Located | None:
        """The new sentence for a quote that sat in old sentence `was_in` (None: nowhere).

        Word for word, it may land on a sentence with exactly its words (moved) or inside
        what replaced its sentence (a merge); by a close match, only on what replaced it.
        """
        if was_in is not None and was_in in self.same:
            kept = self.same[was_in]
            if quote.exact in self.new_texts[kept]:
                return Located(kept, 1.0, exact=True)
        block = self.replaced.get(was_in, set()) if was_in is not None else set()
        verbatim = self._by_text.get(quote.exact, set()) | block
        found = quote_locate(self.text, self.spans, quote, fuzzy_among=block, exact_among=verbatim)
        return found or self._merged_into(quote.exact, block)

    def _merged_into(self, exact: str, block: set[int]) -> Located | None:
        """The sentence, among those that replaced the quote's own, holding nearly all its
        words in order: what a correction that merged two sentences (rewording the join)
        leaves. Only runs of 4 or more characters count, so scattered letters never do."""
        best: Located | None = None
        if not exact:
            return None
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(exact)
        for j in sorted(block):
            if len(self.new_texts[j]) < len(exact):
                continue  # shorter than the quote: a rewording, judged by quote_locate
            matcher.set_seq1(self.new_texts[j])
            held = sum(b.size for b in matcher.get_matching_blocks() if b.size >= 4)
            score = round(held / len(exact), 4)
            if score >= MERGE_COVERAGE and (best is None or score > best.score):
                best = Located(j, score, exact=False)
        return best


def keys_carry(
    old: Sequence[OldSentence], text: str, spans: Sequence[tuple[int, int]]
) -> list[Carried]:
    """Where each old sentence's address goes in the corrected `text` (given as spans).

    Unchanged sentences keep their keys; every other old sentence is looked for by its quote
    (Correction.locate). One new sentence holds one key: where two old sentences land on it
    (a merge), the better match holds it and the other is "merged" into it.
    """
    correction = Correction(old, text, spans)
    return keys_carry_in(correction)


def keys_carry_in(correction: Correction) -> list[Carried]:
    """keys_carry over a Correction already compared."""
    old, new_texts = correction.old, correction.new_texts
    held: dict[int, int] = {j: i for i, j in correction.same.items()}  # new → old index
    results = {i: Carried(old[i], "unchanged", j, 1.0) for i, j in correction.same.items()}
    located = []
    for i, sentence in enumerate(old):
        if i not in correction.same:
            quote = Quote(sentence.text, sentence.prefix, sentence.suffix, sentence.start)
            located.append((i, correction.locate(quote, i)))
    # Word-for-word finds first, then the closest matches: the best claim holds a sentence.
    located.sort(key=lambda pair: (pair[1] is None, -(pair[1].score if pair[1] else 0), pair[0]))
    for i, found in located:
        if found is None:
            results[i] = Carried(old[i], "gone")
        elif found.index in held:
            results[i] = Carried(old[i], "merged", found.index, found.score)
        else:
            held[found.index] = i
            how = "unchanged" if new_texts[found.index] == old[i].text else "corrected"
            results[i] = Carried(old[i], how, found.index, found.score)
    return [results[i] for i in range(len(old))]
