"""Mending pysbd's sentence boundaries where real pages trip it.

pysbd is good on prose and the reason we use it; scraped news trips it in known ways: it cuts
".gov" and "?utm_source" in two, ends a sentence at "State Dept." or "2:04 p.m." before "EDT",
leaves the dots of an ellipsis on their own, keeps a quoted speech of several sentences whole,
cuts a quote from its "he said", and cannot see "Panjshir.He" (a space lost in scraping) as
two sentences. Each rule here is about how English and news text is written, never about
one page. Pure Python, used by segmentation.py on offsets of one line.
"""

from __future__ import annotations

import re

__all__ = ["sentence_ends_mend"]

# Abbreviations that stand before a name or a noun and so never end a sentence.
_TITLES = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col maj capt sgt adm dept amb cmdr brig rev hon
    pres supt insp st mt ft messrs mme mlle""".split()
)
_TITLE_END_RE = re.compile(r"(?:^|[\s(“\"'])([A-Za-z]{1,6})\.$")
_CLOCK_END_RE = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_ZONE_START_RE = re.compile(r"\s*(?:[A-Z]{2,5}|GMT[+-]\d{1,2})\b(?![a-z])")
_SPEECH_RE = re.compile(
    r"\b(?:said|says|say|asked|asks|added|adds|told|tells|wrote|writes|tweeted|explained)\b"
)
_QUOTE_CLOSE_RE = re.compile(r"[?!…][”\"’']$")
# "Panjshir.He": a lower-case word, a full stop and a capitalised word with no space between.
_GLUED_RE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_SPLIT_IN_QUOTE_RE = re.compile(r"(?<=[a-z0-9’']{2}[.!?])\s+(?=[A-Z“\"‘])")
_NEVER_FINAL = frozenset(",،;؛:")
_URLISH_RE = re.compile(r"https?://|www\.|@|/")


def sentence_ends_mend(norm: str, ends: list[int]) -> list[int]:
    """Mend the end offsets pysbd found in one line (``norm``); the last is ``len(norm)``."""
    ends = _merge(norm, ends)
    return _split(norm, ends)


def _merge(norm: str, ends: list[int]) -> list[int]:
    kept: list[int] = []
    start = 0
    for end in ends:
        piece = norm[start:end].strip()
        if kept and not any(ch.isalnum() for ch in piece):
            kept[-1] = end  # the last dot of "15..." (or a lone mark) joins what it ends
        elif kept and _joins_previous(norm, kept[-1], _previous(norm, kept), piece):
            kept[-1] = end
        else:
            kept.append(end)
        start = end
    return kept


def _previous(norm: str, kept: list[int]) -> str:
    return norm[kept[-2] if len(kept) > 1 else 0 : kept[-1]].strip()


def _joins_previous(norm: str, cut: int, previous: str, piece: str) -> bool:
    """Whether the cut at ``cut`` (between ``previous`` and ``piece``) is no sentence boundary."""
    before = norm[:cut].rstrip()
    if before[-1:] in _NEVER_FINAL:
        return True  # a comma or a colon never ends a sentence (pysbd's Arabic rules think so)
    after = norm[cut:]
    if cut < len(norm) and not norm[cut].isspace() and norm[cut].islower():
        return True  # inside a word: ".gov", "?utm_source"
    title = _TITLE_END_RE.search(before)
    if title and title.group(1).lower() in _TITLES and piece[:1].isupper():
        return True  # "State Dept. Spokesman"
    if _CLOCK_END_RE.search(before) and _ZONE_START_RE.match(after):
        return True  # "2:04 p.m. EDT"
    if previous.startswith("(") and previous.endswith(")") and previous[-2:-1] not in ".!?":
        return True  # "(Taliban via AP) Taliban/AP": a credit in brackets ends nothing
    if (
        _QUOTE_CLOSE_RE.search(previous)
        and len(piece.split()) <= 10
        and _SPEECH_RE.search(piece)
        and piece[:1] not in "“\"'‘"
    ):
        return True  # "…there?” Afghan pop singer Aryana Sayeed says."
    return False


def _split(norm: str, ends: list[int]) -> list[int]:
    out: list[int] = []
    start = 0
    for end in ends:
        for cut in _cuts(norm, start, end):
            out.append(cut)
        out.append(end)
        start = end
    return out


def _cuts(norm: str, start: int, end: int) -> list[int]:
    """Boundaries pysbd missed inside norm[start:end]: glued sentences, speech in quotes."""
    cuts: set[int] = set()
    for match in _GLUED_RE.finditer(norm, start, end):
        token_start = norm.rfind(" ", start, match.start()) + 1
        token_end = norm.find(" ", match.start())
        token = norm[token_start : token_end if token_end >= 0 else end]
        if not _URLISH_RE.search(token):
            cuts.add(match.start())
    for quoted_start, quoted_end in _quoted(norm, start, end):
        for match in _SPLIT_IN_QUOTE_RE.finditer(norm, quoted_start, quoted_end):
            word = re.search(r"([A-Za-z]+)[.!?]$", norm[quoted_start : match.start()])
            if word and word.group(1).lower() in _TITLES:
                continue
            cuts.add(match.start())
    return sorted(c for c in cuts if start < c < end)


def _quoted(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quoted speech (“…” or "…") inside norm[start:end]."""
    spans = []
    open_at: int | None = None
    for i in range(start, end):
        ch = norm[i]
        if ch == "“" or (ch == '"' and open_at is None):
            open_at = i
        elif (ch == "”" or ch == '"') and open_at is not None:
            spans.append((open_at, i))
            open_at = None
    return spans
