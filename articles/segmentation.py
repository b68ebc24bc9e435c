"""Split a verbatim article into sentences whose spans tile the stored text.

The stored text is the evidence, so segmentation never edits it: every sentence is a
``(start, end)`` span into the original string, and everything between spans is whitespace.
Kinds are only defaults (an editor may correct them later), guessed from the shape of each
line, because scraped pages put headlines, datelines and page furniture on lines of their own.

Pure Python on purpose (no Django): it is used by models, management commands and tests alike.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import StrEnum

import pysbd

__all__ = ["Kind", "Segment", "segment"]


class Kind(StrEnum):
    """What a sentence is on the page; the values are stored in the database."""

    HEADLINE = "headline"
    DATELINE = "dateline"
    BYLINE = "byline"
    CAPTION = "caption"
    BODY = "body"
    CHROME = "chrome"


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence: a span into the source text, kept as offsets so it can be re-derived."""

    position: int  # 1-based
    start: int  # offset into the text (Python str index)
    end: int  # exclusive
    kind: Kind
    text: str  # == source[start:end]


def segment(text: str) -> list[Segment]:
    """Split ``text`` into sentences whose spans tile it, each with a default kind.

    Sentences never cross a line break: lines are split first (scraped chrome sits on its own
    lines, and short inputs keep pysbd fast), then pysbd splits inside each line.
    """
    if not text or text.isspace():
        return []
    lines = _split_lines(text)
    kinds = _classify(lines)
    segments: list[Segment] = []
    for line, kind in zip(lines, kinds, strict=True):
        for rel_start, rel_end in _sentence_spans(line.text):
            start, end = line.start + rel_start, line.start + rel_end
            segments.append(Segment(len(segments) + 1, start, end, kind, text[start:end]))
    return segments


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------

# Exactly the boundaries str.splitlines() knows; every one of them is also str.isspace().
_LINE_BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_RE = re.compile(f"[^{_LINE_BREAK_CHARS}]+")
_BREAK_RE = re.compile(f"\r\n|[{_LINE_BREAK_CHARS}]")


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-blank line, stripped of surrounding whitespace, with its offset in the text."""

    start: int
    text: str
    blank_before: bool  # a blank line (paragraph break) separates it from the previous line


def _split_lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text``, stripped, with their offsets."""
    lines: list[_Line] = []
    prev_end = 0
    for match in _LINE_RE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        breaks = len(_BREAK_RE.findall(text, prev_end, start))
        lines.append(_Line(start, stripped, blank_before=breaks >= 2))
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
# pysbd promises nothing about threads; calls are cheap enough to serialise.
_segmenter_lock = threading.Lock()


def _pysbd(text: str) -> list[str]:
    """pysbd's sentences for ``text``; [] if pysbd fails (the caller then keeps it whole).

    Calls the segmenter's processor directly: ``Segmenter.segment`` would then locate every
    sentence with a freshly built regex, which is slow, can silently drop sentences, and
    evicts pysbd's own patterns from ``re``'s cache. Offsets are mapped by the caller.
    """
    try:
        with _segmenter_lock:
            return [str(s) for s in _segmenter.processor(text).process()]
    except Exception:  # pysbd is regex soup; a crash must never lose or block the text
        return []


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """Stripped, non-empty sentence spans of a stripped line, covering all its characters."""
    # Same length as ``line``, so indexes carry over; NBSP, tabs etc. become plain spaces,
    # which pysbd treats as the word breaks they are ("flags.\u00a0They" is two sentences).
    norm = "".join(" " if ch.isspace() else ch for ch in line)
    ends = _sentence_ends(norm)
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


def _sentence_ends(norm: str) -> list[int]:
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
        found = _map_sentences(norm, cursor, stop, _pysbd(norm[cursor:stop]))
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


# --------------------------------------------------------------------------------------------
# Kinds
# --------------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

_HEADLINE_MAX_WORDS = 20
_HEADLINE_MAX_CHARS = 160
_CHROME_MAX_WORDS = 15
_MASTHEAD_MAX_WORDS = 3

# Furniture a whole (short) line can be; matched against _key(line).
_CHROME_LINE_RE = re.compile(
    r"""
    (?:close|open|toggle)(?:\ (?:button|menu|navigation|search))?
    | menu | search | skip\ to\ (?:main\ )?content | back\ to\ top
    | sign\ in | log\ ?in | register | subscribe(?:\ now)?
    | advertisement | advert | sponsored(?:\ content)?
    | share(?:\ (?:this|on\ \w+))?(?:\ (?:article|story|post|page))?
    | print(?:\ this)?(?:\ (?:article|story|page))?
    | (?:read|load|show|see)\ more | more\ stories
    | related(?:\ (?:articles|stories|posts|news|content|topics))?
    | you\ (?:may|might)\ also\ like
    | most\ (?:popular|read|viewed|shared|recent)
    | trending(?:\ (?:now|stories|news))?
    | (?:recent|latest|popular)\ (?:comments|posts|articles|stories)
    | leave\ a\ (?:comment|reply) | (?:post|add)\ a\ comment | post\ comment | cancel\ reply
    | no\ comments(?:\ yet)? | \d+\ comments? | comments? | (?:show|view)\ comments
    | please\ enter\ your\ (?:comment|name|e-?mail|e-?mail\ address|website)(?:\ here)?
    | in\ this\ (?:article|story|page|section)
    | tags? | topics | follow\ us(?:\ on\ \w+)?
    | all\ rights\ reserved.* | (?:©|\(c\)|copyright\b).*
    """,
    re.VERBOSE,
)
# Furniture a short line can contain.
_CHROME_SEARCH_RE = re.compile(
    r"""
    \b(?:tab|tap|click|press|open|swipe)\b.{0,20}\bto\ (?:see|view|show|open|reveal)\b
        .{0,20}\blinks?
    | \+\d[\d\ ().-]{6,}\d                        # a phone number: "alerts on WhatsApp: +234…"
    | \b(?:news|breaking)\ alerts?\b
    | \bnewsletter\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_CAPTCHA_RE = re.compile(r"\d+\s*[-+x×*]\s*\d+\s*=\s*\??")
# "HomeNewsThe Panjshir…" (links glued together) or "Home > News > …".
_BREADCRUMB_RE = re.compile(r"Home(?:[A-Z0-9]|\s*[>»›/|])")
_SOCIAL_WORDS = frozenset(
    """email e-mail mail sms print copy link share facebook twitter x instagram youtube
    whatsapp telegram linkedin pinterest reddit tumblr tiktok snapchat messenger flipboard
    rss vk weibo wechat line viber threads mastodon bluesky pocket""".split()
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATELINE_RE = re.compile(
    rf"""
    (?:(?:published|updated|posted|last\ updated)(?:\ on)?:?\s*)?
    (?:{_WEEKDAY},?\s*)?
    (?:
        {_MONTH}\s+{_DAY},?\s+\d{{4}}
      | {_DAY}\s+{_MONTH},?\s+\d{{4}}
      | \d{{4}}-\d{{2}}-\d{{2}}
      | \d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}
    )
    (?:
        (?:\s*[-–—|,@]\s*|\s+at\s+|\s+)
        \d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{{2,5}})?
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"""
    (?:by|via|source|sources|author|authors|credit|credits|courtesy\ of
      |(?:written|words|reporting|reported|additional\ reporting|editing|edited|compiled)\ by
    )\b\s*:?\s*\S
    """,
    re.VERBOSE | re.IGNORECASE,
)
_BYLINE_MAX_WORDS = 12
_URL_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
# A photo credit makes its whole paragraph a caption: "(Photo by Ahmad SAHEL ARMAN / AFP)".
_CREDIT_RE = re.compile(
    r"\((?:photo|photograph|image|picture|pic|foto)s?(?:\s+credit)?\s*(?:by\b|:|©)[^)]*\)"
    r"|(?:^|[.!?]\s+)(?:photo|photograph|image|picture)(?:\s+credit)?\s*:\s*\S[^.!?]{0,80}$",
    re.IGNORECASE,
)
_CLOSERS = "\"'”’»)]}*"
_SENTENCE_END = ".!:;,…"


def _key(line: str) -> str:
    """A line reduced for pattern matching: casefolded, quotes straightened, no trailing marks."""
    key = " ".join(line.translate(_INVISIBLE).translate(_QUOTES).casefold().split())
    return key.rstrip(" .:!?*|>»›-")


def _words(line: str) -> int:
    return len(line.split())


def _is_chrome(line: str) -> bool:
    """Page furniture recognisable from the line alone."""
    if _words(line) > _CHROME_MAX_WORDS:
        return False
    clean = line.translate(_INVISIBLE).strip()
    key = _key(line)
    if _CHROME_LINE_RE.fullmatch(key) or _CAPTCHA_RE.fullmatch(clean):
        return True
    if _BREADCRUMB_RE.match(clean) or _CHROME_SEARCH_RE.search(clean):
        return True
    tokens = [t for t in re.split(r"[\s|·•,/]+", key) if t]
    return len(tokens) >= 2 and all(t in _SOCIAL_WORDS for t in tokens)


def _is_dateline(line: str) -> bool:
    return _DATELINE_RE.fullmatch(line.translate(_INVISIBLE).strip().rstrip(".")) is not None


def _is_byline(line: str) -> bool:
    clean = line.translate(_INVISIBLE).strip()
    if not _BYLINE_RE.match(clean):
        return False
    if _URL_RE.search(clean):
        return True  # "Via https://southfront.org/…"
    rest = clean.split(None, 1)[1] if len(clean.split()) > 1 else ""
    # "By the time…" is body; a credit names someone, and is short and unpunctuated.
    first = rest.lstrip(":").lstrip()[:1]
    return (
        _words(clean) <= _BYLINE_MAX_WORDS
        and not first.islower()
        and clean[-1] not in _SENTENCE_END
    )


def _is_credit_only(line: str) -> bool:
    """A line that is nothing but a photo credit (its picture's text may be the line above)."""
    match = _CREDIT_RE.search(line)
    return match is not None and not line[: match.start()].strip()


def _is_heading_like(line: str) -> bool:
    """Short, standalone, not ended like a sentence: a headline or a subheading."""
    clean = line.translate(_INVISIBLE).strip()
    if not clean or _words(clean) > _HEADLINE_MAX_WORDS or len(clean) > _HEADLINE_MAX_CHARS:
        return False
    if _URL_RE.search(clean) or not any(ch.isalpha() for ch in clean):
        return False
    core = clean.rstrip(_CLOSERS + " ")
    if not core or core[-1] in _SENTENCE_END:
        return False
    first = next(ch for ch in clean if ch.isalnum())
    return not first.islower()


def _fold(line: str) -> str:
    """Comparison form for spotting a repeated headline."""
    return _key(line).strip("\"' ")


def _classify(lines: list[_Line]) -> list[Kind]:
    """A default kind per line, from its own shape and then its place in the page."""
    texts = [line.text for line in lines]
    kinds: list[Kind] = []
    for text in texts:
        if _CREDIT_RE.search(text):
            kinds.append(Kind.CAPTION)
        elif _is_chrome(text):
            kinds.append(Kind.CHROME)
        elif _is_dateline(text):
            kinds.append(Kind.DATELINE)
        elif _is_byline(text):
            kinds.append(Kind.BYLINE)
        elif _is_heading_like(text):
            kinds.append(Kind.HEADLINE)
        else:
            kinds.append(Kind.BODY)

    # A credit on a line of its own captions the line right above it (same paragraph).
    for i in range(1, len(lines)):
        if (
            kinds[i] is Kind.CAPTION
            and kinds[i - 1] is Kind.BODY
            and not lines[i].blank_before
            and _is_credit_only(texts[i])
        ):
            kinds[i - 1] = Kind.CAPTION

    body = [i for i, kind in enumerate(kinds) if kind is Kind.BODY]
    first_body = body[0] if body else len(lines)

    # Above the body: the longest heading-like line is the headline; a very short one above it
    # is the outlet's masthead ("The Guardian").
    top = [i for i in range(first_body) if kinds[i] is Kind.HEADLINE]
    if top:
        main = max(top, key=lambda i: (_words(texts[i]), -i))
        for i in top:
            if i < main and _words(texts[i]) <= _MASTHEAD_MAX_WORDS:
                kinds[i] = Kind.CHROME

    # A headline repeated verbatim is page furniture the second time round.
    seen: set[str] = set()
    for i, kind in enumerate(kinds):
        if kind is not Kind.HEADLINE:
            continue
        folded = _fold(texts[i])
        if folded in seen:
            kinds[i] = Kind.CHROME
        seen.add(folded)

    # Below the last body paragraph nothing is introduced any more: heading-like lines there
    # are footer furniture ("Most Popular"), not subheadings.
    if body:
        for i in range(body[-1] + 1, len(lines)):
            if kinds[i] is Kind.HEADLINE:
                kinds[i] = Kind.CHROME
    return kinds
