"""Finding a quoted sentence again after its article's text was corrected.

Follows the W3C Web Annotation TextQuoteSelector: a quote is its exact text plus a little
context either side. An exact occurrence is preferred (the one whose context matches best,
then the one nearest the old offset); failing that, the sentence most like the quote, if it
is alike enough. Pure Python (no Django) so it can be tested and reasoned about on its own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["FUZZY_THRESHOLD", "Located", "Quote", "quote_candidates", "quote_locate"]

# difflib ratio (2·matches / total length) a sentence needs to take over a changed quote.
# 0.8 accepts a corrected typo, a changed number or a few inserted words in a sentence of
# normal length, and refuses a different sentence that merely shares its subject.
FUZZY_THRESHOLD = 0.8


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None  # last known offset, to choose between equal candidates


@dataclass(frozen=True)
class Located:
    """Which new sentence (index into the spans given) takes the quote, and how sure."""

    index: int
    score: float  # 1.0 for an exact match
    exact: bool


def quote_locate(
    text: str,
    spans: Sequence[tuple[int, int]],
    quote: Quote,
    *,
    threshold: float = FUZZY_THRESHOLD,
    fuzzy_among: Collection[int] | None = None,
    exact_among: Collection[int] | None = None,
) -> Located | None:
    """The sentence of `text` (given as ordered, non-overlapping spans) that holds `quote`.

    `fuzzy_among` limits the fuzzy stage to those sentences (by index): the caller passes
    the sentences a correction changed, since an unchanged sentence is some other sentence,
    however alike ("Sentence 3 …" is not a corrected "Sentence 2 …"). `exact_among` likewise
    limits where a word-for-word find may land (elsewhere it falls through to the fuzzy stage).
    """
    if not quote.exact.strip() or not spans:
        return None
    start = _exact_start(text, quote)
    if start is not None:
        index = _most_overlapping(spans, start, start + len(quote.exact))
        if index is not None and (exact_among is None or index in exact_among):
            return Located(index, 1.0, exact=True)
    allowed = range(len(spans)) if fuzzy_among is None else fuzzy_among
    return _fuzzy(text, spans, quote, threshold, set(allowed))


def _exact_start(text: str, quote: Quote) -> int | None:
    """The best exact occurrence: most context matching, then nearest the old offset."""
    best: tuple[int, int] | None = None
    best_start: int | None = None
    at = text.find(quote.exact)
    while at >= 0:
        end = at + len(quote.exact)
        context = _common_suffix(text[max(0, at - len(quote.prefix)) : at], quote.prefix)
        context += _common_prefix(text[end : end + len(quote.suffix)], quote.suffix)
        distance = abs(at - quote.start) if quote.start is not None else 0
        key = (context, -distance)
        if best is None or key > best:
            best, best_start = key, at
        at = text.find(quote.exact, at + 1)
    return best_start


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _most_overlapping(spans: Sequence[tuple[int, int]], start: int, end: int) -> int | None:
    best, best_overlap = None, 0
    first = max(0, bisect_right(spans, (start, -1)) - 1)  # spans are ordered by start
    for i in range(first, len(spans)):
        s, e = spans[i]
        if e <= start:
            continue
        if s >= end:
            break
        overlap = min(e, end) - max(s, start)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def _fuzzy(
    text: str,
    spans: Sequence[tuple[int, int]],
    quote: Quote,
    threshold: float,
    allowed: set[int],
) -> Located | None:
    """The sentence most like the quote, or the larger-matching half of a pair of sentences
    (a correction may have split the quoted sentence in two).

    difflib's cheap upper bounds pick the candidates; the full ratio is computed best bound
    first and stops once no remaining bound can win, so long texts stay fast.
    """
    exact = quote.exact
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(exact)  # difflib caches facts about seq2: keep the quote there
    candidates: list[tuple[float, int, int, int, int]] = []
    for i in sorted(allowed):
        for width in (1, 2):
            if i + width > len(spans) or (width == 2 and i + 1 not in allowed):
                break
            s, e = spans[i][0], spans[i + width - 1][1]
            if not _could_reach(e - s, len(exact), threshold):
                continue
            matcher.set_seq1(text[s:e])
            if matcher.real_quick_ratio() < threshold:
                continue
            bound = matcher.quick_ratio()
            if bound >= threshold:
                distance = abs(s - quote.start) if quote.start is not None else 0
                candidates.append((bound, int(width == 1), -distance, i, width))
    candidates.sort(reverse=True)
    best_key: tuple[float, int, int] | None = None  # (score, single sentence, -distance)
    best: Located | None = None
    for bound, single, neg_distance, i, width in candidates[:_MAX_COMPARISONS]:
        if best_key is not None and bound < best_key[0]:
            break  # nothing left can score higher
        s, e = spans[i][0], spans[i + width - 1][1]
        matcher.set_seq1(text[s:e])
        score = matcher.ratio()
        key = (score, single, neg_distance)
        if score >= threshold and (best_key is None or key > best_key):
            index = i if width == 1 else i + _larger_half(matcher, spans[i], spans[i + 1], s)
            best_key, best = key, Located(index, round(score, 4), exact=False)
    return best


# Full comparisons per quote at most: in formulaic text ("Sentence 3 …", "Sentence 4 …") many
# sentences share the same upper bound; the best bound, then the nearest, are compared first.
_MAX_COMPARISONS = 40


def _could_reach(a: int, b: int, threshold: float) -> bool:
    """difflib's ratio is at most 2·min/(a+b); skip candidates that cannot reach it."""
    return a + b > 0 and 2 * min(a, b) / (a + b) >= threshold


def _larger_half(
    matcher: SequenceMatcher, first: tuple[int, int], second: tuple[int, int], origin: int
) -> int:
    """0 if most of the matched characters fall in the first sentence of the pair, else 1."""
    in_first = in_second = 0
    for block in matcher.get_matching_blocks():
        lo, hi = origin + block.a, origin + block.a + block.size
        in_first += max(0, min(hi, first[1]) - max(lo, first[0]))
        in_second += max(0, min(hi, second[1]) - max(lo, second[0]))
    return 0 if in_first >= in_second else 1


def quote_candidates(
    texts: Sequence[str], exact: str, *, limit: int = 8
) -> list[tuple[int, float]]:
    """The texts most like `exact` (index, ratio), best first: suggestions for re-attaching
    an orphaned quote by hand."""
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(exact)
    scored: list[tuple[float, int]] = []
    for i, text in enumerate(texts):
        matcher.set_seq1(text)
        if len(scored) >= limit and matcher.real_quick_ratio() <= scored[-1][0]:
            continue
        score = matcher.ratio()
        scored.append((score, i))
        scored.sort(key=lambda item: (-item[0], item[1]))
        del scored[limit:]
    return [(i, round(score, 3)) for score, i in scored]
