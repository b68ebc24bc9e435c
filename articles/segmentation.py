"""Split a verbatim article into sentences whose spans tile the stored text.

The stored text is the evidence, so segmentation never edits it: every sentence is a
``(start, end)`` span into the original string, and everything between spans is whitespace.
Kinds are only defaults (an editor may correct them later), guessed per line by
``articles.line_kinds``, because scraped pages put headlines, datelines and page furniture on
lines of their own; an HTML page's own markup may add hints.

Pure Python on purpose (no Django): it is used by models, management commands and tests alike.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass

import pysbd

from articles.line_kinds import Kind, Line, classify, inline_dateline_end
from articles.sentence_mending import sentence_ends_mend

__all__ = ["Kind", "Segment", "pysbd_language", "segment"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence: a span into the source text, kept as offsets so it can be re-derived."""

    position: int  # 1-based
    start: int  # offset into the text (Python str index)
    end: int  # exclusive
    kind: Kind
    text: str  # == source[start:end]


def segment(
    text: str, *, language: str = "en", hints: Mapping[int, Kind] | None = None
) -> list[Segment]:
    """Split ``text`` into sentences whose spans tile it, each with a default kind.

    Sentences never cross a line break: lines are split first (scraped chrome sits on its own
    lines, and short inputs keep pysbd fast), then pysbd splits inside each line with the rules
    of the article's ``language`` (English where pysbd has none). ``hints`` maps a line's start
    offset to the kind the page's markup gave it (see articles.page_structure).
    """
    if not text or text.isspace():
        return []
    lines = _split_lines(text)
    kinds = classify(lines, hints)
    lang = pysbd_language(language)
    segments: list[Segment] = []
    for line, kind in zip(lines, kinds, strict=True):
        dateline_end = inline_dateline_end(line.text) if kind is Kind.BODY else 0
        spans = _sentence_spans(line.text[dateline_end:], lang)
        if dateline_end:
            # "LONDON, September 3. /TASS/. The…": the agency's dateline is a sentence of its own.
            spans = [(0, dateline_end), *((a + dateline_end, b + dateline_end) for a, b in spans)]
        for number, (rel_start, rel_end) in enumerate(spans):
            start, end = line.start + rel_start, line.start + rel_end
            own = Kind.DATELINE if dateline_end and number == 0 else kind
            segments.append(Segment(len(segments) + 1, start, end, own, text[start:end]))
    return segments


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------

# Exactly the boundaries str.splitlines() knows; every one of them is also str.isspace().
_LINE_BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_RE = re.compile(f"[^{_LINE_BREAK_CHARS}]+")
_BREAK_RE = re.compile(f"\r\n|[{_LINE_BREAK_CHARS}]")


def _split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, stripped, with their offsets."""
    lines: list[Line] = []
    prev_end = 0
    for match in _LINE_RE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        breaks = len(_BREAK_RE.findall(text, prev_end, start))
        lines.append(Line(start, stripped, blank_before=breaks >= 2))
        prev_end = start + len(stripped)
    return lines


# --------------------------------------------------------------------------------------------
# Sentences inside one line
# --------------------------------------------------------------------------------------------

# pysbd is quadratic in the number of sentences it is given, so long lines are fed to it in
# windows of about this many characters; the last (possibly cut) sentence of a window is
# re-read at the start of the next one.
_WINDOW = 1000

_segmenter = pysbd.Segmenter(language="en", clean=False)
_segmenters: dict[str, pysbd.Segmenter] = {"en": _segmenter}
# pysbd promises nothing about threads; calls are cheap enough to serialise.
_segmenter_lock = threading.Lock()
# Dari is Persian as written in Afghanistan: pysbd's Persian rules are its rules.
_LANGUAGE_ALIASES = {"prs": "fa", "fa-af": "fa", "per": "fa", "ara": "ar", "urd": "ur"}


def pysbd_language(language: str) -> str:
    """The pysbd rules for an article's language code ("fa-AF", "prs", "ur"…), else "en"."""
    code = (language or "en").strip().lower().replace("_", "-")
    code = _LANGUAGE_ALIASES.get(code, code.split("-")[0])
    code = _LANGUAGE_ALIASES.get(code, code)
    return code if code in pysbd.languages.LANGUAGE_CODES else "en"


def _pysbd(text: str, language: str = "en") -> list[str]:
    """pysbd's sentences for ``text``; [] if pysbd fails (the caller then keeps it whole).

    Calls the segmenter's processor directly: ``Segmenter.segment`` would then locate every
    sentence with a freshly built regex, which is slow, can silently drop sentences, and
    evicts pysbd's own patterns from ``re``'s cache. Offsets are mapped by the caller.
    """
    try:
        with _segmenter_lock:
            segmenter = _segmenters.get(language)
            if segmenter is None:
                segmenter = _segmenters[language] = pysbd.Segmenter(language=language, clean=False)
            if language == "en":
                segmenter = _segmenter  # the module's own (tests replace its processor)
            return [str(s) for s in segmenter.processor(text).process()]
    except Exception:  # pysbd is regex soup; a crash must never lose or block the text
        return []


def _pysbd_for(text: str, language: str) -> list[str]:
    # English through the one-argument call the tests can stand in for.
    return _pysbd(text) if language == "en" else _pysbd(text, language)


def _sentence_spans(line: str, language: str = "en") -> list[tuple[int, int]]:
    """Stripped, non-empty sentence spans of a stripped line, covering all its characters."""
    # Same length as ``line``, so indexes carry over; NBSP, tabs etc. become plain spaces,
    # which pysbd treats as the word breaks they are ("flags.\u00a0They" is two sentences).
    norm = "".join(" " if ch.isspace() else ch for ch in line)
    ends = sentence_ends_mend(norm, _sentence_ends(norm, language))
    spans: list[tuple[int, int]] = []
    start = 0
    for end in ends:
        piece = norm[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            spans.append((start + lead, end - trail))
        start = end
    return spans


# Characters that never make pysbd break a sentence; a line made only of these (plus a final
# run of terminators) is one sentence, and skipping pysbd for it keeps long texts fast.
_NEVER_BREAKS = frozenset(" ,'\"‘’“”«»-–—/&%$€£#@+=_*(")
_FINAL_MARKS = ".!?…\"'”’»)] "


def _is_one_sentence(norm: str) -> bool:
    """True when nothing before the line's final punctuation could end a sentence."""
    return all(ch.isalnum() or ch in _NEVER_BREAKS for ch in norm.rstrip(_FINAL_MARKS))


def _sentence_ends(norm: str, language: str = "en") -> list[int]:
    """Offsets where sentences end; the last is always ``len(norm)``."""
    size = len(norm)
    if _is_one_sentence(norm):
        return [size]
    ends: list[int] = []
    cursor = 0
    width = _WINDOW
    while cursor < size:
        stop = min(size, cursor + width)
        final = stop == size
        found = _map_sentences(norm, cursor, stop, _pysbd_for(norm[cursor:stop], language))
        if not final:
            found = found[:-1]  # the window may have cut the last sentence short
            if not found:
                width *= 2  # one sentence longer than the window: read more
                continue
        ends.extend(found)
        if final or not found:
            break
        cursor, width = found[-1], _WINDOW
    return _close_tail(norm, ends)


def _close_tail(norm: str, ends: list[int]) -> list[int]:
    """Make the last sentence reach the end of the line, never dropping characters.

    A left-over tail with letters or digits is a sentence pysbd lost; mere punctuation
    (a stray closing quote) belongs to the sentence before it.
    """
    size = len(norm)
    if ends and ends[-1] >= size:
        return ends
    tail = norm[ends[-1] if ends else 0 :]
    if ends and not any(ch.isalnum() for ch in tail):
        ends[-1] = size
    else:
        ends.append(size)
    return ends


def _map_sentences(norm: str, cursor: int, stop: int, sentences: list[str]) -> list[int]:
    """Find each pysbd sentence in ``norm[cursor:stop]``, in order; return their end offsets.

    pysbd's own offsets drift and it may alter whitespace or drop text, so each sentence is
    searched forward from the previous end. Text it skipped is absorbed by the next sentence
    found; the first sentence that cannot be found stops the mapping (the caller treats the
    rest of the line as one sentence).
    """
    ends: list[int] = []
    pos = cursor
    for sentence in sentences:
        wanted = sentence.strip()
        if not wanted:
            continue
        idx = norm.find(wanted, pos, stop)
        if idx >= 0:
            end = idx + len(wanted)
        else:
            loose = r"\s*".join(re.escape(token) for token in wanted.split())
            match = re.compile(loose).search(norm, pos, stop)
            if match is None or match.end() <= pos:
                break
            end = match.end()
        ends.append(end)
        pos = end
    return ends
