"""What each line of a scraped page is: headline, dateline, byline, caption, body or chrome.

Kinds are only defaults (the desk corrects them), guessed from each line's own shape, then
from its place on the page, then from what the page's own markup said about it (hints from
an HTML conversion: ``nav`` is chrome, ``figcaption`` a caption, ``h1`` the headline). The
rules are about how news pages are built — wire datelines, photo credits, live-blog stamps,
link runs — never about one outlet's strings.

Pure Python (no Django), used by segmentation.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Kind", "Line", "classify", "inline_dateline_end"]


class Kind(StrEnum):
    """What a sentence is on the page; the values are stored in the database."""

    HEADLINE = "headline"
    DATELINE = "dateline"
    BYLINE = "byline"
    CAPTION = "caption"
    BODY = "body"
    CHROME = "chrome"


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line, stripped of surrounding whitespace, with its offset in the text."""

    start: int
    text: str
    blank_before: bool  # a blank line (paragraph break) separates it from the previous line


_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u200e\u200f"))
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

_HEADLINE_MAX_WORDS = 20
_HEADLINE_MAX_CHARS = 160
_CHROME_MAX_WORDS = 15
_MASTHEAD_MAX_WORDS = 3
_BULLET_RE = re.compile(r"^(?:[•·▪◦●■►▸*]|[-–]\s)\s*")

# Furniture a whole (short) line can be; matched against _key(line).
_CHROME_LINE_RE = re.compile(
    r"""
    (?:close|open|toggle)(?:\ (?:button|menu|navigation|search|caption))?
    | hide\ caption | enlarge\ this\ image | show\ (?:more|less)(?:\ show\ (?:more|less))?
    | menu | x\ menu | search | skip\ to\ (?:main\ )?content | back\ to\ top(?:\ button)? | to\ top
    | sign\ in | log\ ?in | register | subscribe(?:\ now)? | download | print | more\ info
    | advertisement | advert | sponsored(?:\ content)?
    | share(?:\ (?:this|on\ \w+))?(?:\ (?:article|story|post|page))? | \d+\ shares?
    | (?:read|load|show|see)\ more | more\ stories | source\ link
    | read\ (?:the\ )?full\ (?:article|story) | continue\ reading | full\ article
    | related(?:\ (?:articles|stories|posts|news|content|topics))?
    | you\ (?:may|might)\ also\ like | latest\ news | breaking\ news
    | most\ (?:popular|read|viewed|shared|recent)
    | trending(?:\ (?:now|stories|news))?
    | (?:recent|latest|popular)\ (?:comments|posts|articles|stories)
    | leave\ a\ (?:comment|reply) | (?:post|add)\ a\ comment | post\ comment | cancel\ reply
    | (?:click|tap)\ (?:here\ )?to\ comment
    | no\ comments(?:\ yet)? | \d+\ comments? | comments? | (?:show|view)\ comments
    | please\ enter\ your\ (?:comment|name|e-?mail|e-?mail\ address|website)(?:\ here)?
    | your\ e-?mail\ address\ will\ not\ be\ published.*
    | in\ this\ (?:article|story|page|section) | (?:table\ of\ )?contents
    | tags? | topics | follow\ us(?:\ on\ \w+)?
    | oops | something\ went\ wrong | please\ try\ again(?:\ later)?
    | registration\ was\ successful
    | all\ rights\ reserved.* | (?:\(c\)|copyright\b).*
    | (?:category|categories|section|tags?|topics?|no|id|views?|reads?)\ ?:\ .{1,40}
    """,
    re.VERBOSE,
)
# Furniture a line can contain (site banners, consent and comment boilerplate, live-blog notes).
_CHROME_SEARCH_RE = re.compile(
    r"""
    \b(?:tab|tap|click|press|open|swipe)\b.{0,20}\bto\ (?:see|view|show|open|reveal)\b
        .{0,20}\blinks?
    | \+\d[\d\ ().-]{6,}\d                        # a phone number: "alerts on WhatsApp: +234…"
    | \b(?:news|breaking)\ alerts?\b
    | \bnewsletter\b
    | \bwe\ use\ (?:cookies|your\ sign-?up)\b | \bunsubscribe\ at\ any\ time\b
    | \b(?:article|reader)\ comment(?:ing|s)\b
    | \b(?:this|the|our)\ (?:live\ )?blog\ (?:is\ )?(?:now\ )?closed\b
    | \b(?:live\ )?coverage\ continues\b | \bhead\ there\ for\ the\ latest\b
    | \bofficial\ websites?\ (?:of|use)\b | \.gov\ websites?\b | \bhere'?s\ how\ you\ know\b
    | \b(?:ie|internet\ explorer)\ \d+\ is\ not\ supported\b | \bon\ another\ browser\b
    | (?:\.\.\.|…)\s+\d{1,2}[./]\d{1,2}[./]\d{2,4},\s        # a teaser: "… 06.09.2021, Outlet"
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "Also read: <another story>", "Read more https://…": links to elsewhere.
_ELSEWHERE_RE = re.compile(
    r"(?:also\ read|read\ (?:also|more|next)|see\ also|related|more\ on\ this)\b\s*[:>»-]?\s*"
    r"(?:https?://\S+$|(?=\S))",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTCHA_RE = re.compile(r"\d+\s*[-+x×*]\s*\d+\s*=\s*\??")
# "HomeNewsThe Panjshir…" (links glued together) or "Home > News > …".
_BREADCRUMB_RE = re.compile(r"Home(?:[A-Z0-9]|\s*[>»›/|])")
_LINK_RUN_RE = re.compile(r"\s[|·•]\s")
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
_DATE = rf"""(?i:
        {_MONTH}\s+{_DAY},?\s+\d{{4}}
      | {_DAY}\s+{_MONTH},?\s+\d{{4}}
      | \d{{4}}-\d{{2}}-\d{{2}}
      | \d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}
    )"""
_ZONE = (
    r"(?:\s*[\[(]?(?:gmt|utc|[ecmp][sd]t|bst|cest|cet|ist|pkt|aft|msk)"
    r"(?:\s?[+-]\d{1,2}(?::?\d{2})?)?[\])]?)"
)
_TIME = rf"\d{{1,2}}[:.]\s?\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?{_ZONE}?"
_STAMP_LABEL = (
    r"(?:(?:story\ |first\ )*(?:published|updated|posted)|last\ (?:updated|modified)|publish"
    r"|date|time)"
)
# Key-value furniture around a date: "Category: World Published on … Hits: 5".
_META_PAIR_RE = re.compile(
    r"\b(?:category|section|hits|views|reads|comments)\s*:\s*\S+", re.IGNORECASE
)
_DATELINE_RE = re.compile(
    rf"""
    (?:{_STAMP_LABEL}(?:\ on)?:?\s*)?
    (?:{_WEEKDAY},?\s*)?
    (?:
        {_DATE}
        (?:(?:\s*[-–—|,@]\s*|\s+at\s+|\s+){_TIME})?
      | {_TIME}(?:\s*[-–—|,]?\s*{_DATE})?
    )
    (?:\s*,\s*\w[\w'’.-]*(?:\s\w[\w'’.-]*){{0,3}})?        # a live-blog stamp's author
    (?:\s+share(?:\ this(?:\ post|\ article|\ story)?)?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "LONDON, September 3. /TASS/." opening a paragraph: a dateline of its own.
INLINE_DATELINE_RE = re.compile(
    rf"[A-Z][A-Z .'’/-]{{1,40}},\s+(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})\."
    rf"\s+/[A-Z][\w -]{{1,20}}/\.",
    re.IGNORECASE,
)
_AGENCY = (
    r"(?i:the\ )?(?i:associated\ press|reuters|afp|agence\ france-presse|tass|xinhua|ap"
    r"|anadolu(?:\ agency)?|dpa|ani|pti|ians|upi|efe|ansa|kyodo|sputnik|ria\ novosti|bna)"
)
_AGENCY_LINE_RE = re.compile(_AGENCY, re.VERBOSE | re.IGNORECASE)
_BYLINE_RE = re.compile(
    r"""
    (?:by|via|source|sources|author|authors|credit|credits|courtesy\ of
      |(?:written|words|reporting|reported|additional\ reporting|editing|edited|compiled|post)\ by
    )\b\s*:?\s*\S
    """,
    re.VERBOSE | re.IGNORECASE,
)
_BYLINE_LABEL_RE = re.compile(r"(?:written|reported|compiled)\s+by|by|authors?", re.IGNORECASE)
# "Author:" in the languages of the region: Persian/Dari, Pashto, Arabic, Urdu.
_BYLINE_LABEL_RTL_RE = re.compile(r"(?:نویسنده|نگارنده|گزارشگر|لیکوال|بقلم|كتب|کتب|مصنف|تحریر)\s*:")
_WIRE_CREDITS_RE = re.compile(
    r"\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^)]*\)", re.IGNORECASE
)
_EMBED_CREDIT_RE = re.compile(r"[—–-]\s*.{1,60}\(@\w{1,30}\)")
_BYLINE_MAX_WORDS = 12
_URL_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]*"
# "Editor: Jane Roe", "Photos: John Doe": a credit under its label.
_CREDIT_LABEL_RE = re.compile(
    rf"(?i:editors?|edited\ by|producers?|photos?|photographs|translated\ by|translators?"
    rf"|writers?|reporters?|correspondents?|graphics)\s*:\s*{_NAME}(?:\s+{_NAME}){{0,3}}",
    re.VERBOSE,
)
# A person and a date: "Faizan Hashmi 1 minute ago Mon 06th September 2021 | 09:40 AM".
_NAME_AND_STAMP_RE = re.compile(
    rf"{_NAME}(?:\s+{_NAME}){{1,3}}\s+(?:\d+\s+(?i:minutes?|hours?|days?)\s+ago\b.*|{_DATE}.*)",
    re.VERBOSE,
)
# Speaker labels in transcripts and interviews: "Ned Price: (00:11)", "Ahmad Massoud:".
_SPEAKER_RE = re.compile(
    rf"{_NAME}(?:\s+{_NAME}){{0,4}}\s*(?:\(\w+\))?:\s*(?:\(\d{{1,2}}:\d{{2}}(?::\d{{2}})?\))?"
)
# Photo credits: a whole paragraph carrying one is a caption.
_CREDIT_RE = re.compile(
    r"\((?:[A-Z]{2,}\s+)?(?:photo|photograph|image|picture|pic|foto|video)s?(?:\s+credit)?\s*"
    r"(?:by\b|:|©|/)[^)]*\)"
    r"|\([^()]{1,60}\bvia\s+" + _AGENCY + r"\)"
    r"|(?:^|[.!?]\s+)(?:photo|photograph|image|picture|video|credit|credits)(?:\s+credit)?\s*:"
    r"\s*\S[^.!?]{0,80}$",
    re.IGNORECASE,
)
# "Rahmat Gul/AP", "Aamir Qureshi/AFP/Getty Images" ending a caption (and its buttons).
_SLASH_CREDIT = rf"(?:{_NAME}\s+){{0,3}}{_NAME}(?:/{_NAME}(?:\s{_NAME})?)+"
_CAPTION_TAIL = r"(?i:\s+(?:hide\ caption|show\ more|show\ less|\d+\s+of\s?\d+))*"
_CREDIT_TAIL_RE = re.compile(
    rf"(?:^|[.!?)”\"]\s+|\s){_SLASH_CREDIT}{_CAPTION_TAIL}\s*$", re.VERBOSE
)
_CREDIT_ONLY_RE = re.compile(rf"{_SLASH_CREDIT}{_CAPTION_TAIL}", re.VERBOSE)
_NAME_TAIL_RE = re.compile(rf"[.!?]\s+{_NAME}(?:\s+{_NAME}){{1,3}}$")
_CAPTION_OPENING_RE = re.compile(
    r"(?:\d+\s+of\s?\d+\s+)?(?:file\s+photo\b|file\s+[-–—]|in\s+this\s+(?:\S+\s+){0,3}?"
    r"(?:photo|photograph|image|picture|video|handout)\b|\d+\s+of\s?\d+\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
# A headline with its byline and date glued on: "Some Afghans vow … JOHN DOE and JANE ROE,
# Associated Press Aug. 24, 2021 Updated: …".
_GLUED_CREDIT_RE = re.compile(
    rf"(?P<head>.+?)\s+[A-Z][A-Z'’.-]+(?:(?:\s+|,\s*)(?:and|AND|[A-Z][A-Z'’.-]+))+,\s+"
    rf"{_AGENCY}\s+{_DATE}.*",
    re.VERBOSE,
)
# "AI: Did you…?", "QUESTION: Why…?": a question put by someone in a transcript.
_ASKED_RE = re.compile(r"[^\s:]+(?:\s+[^\s:]+){0,4}:\s")
_NUMBERED_RE = re.compile(r"\d{1,2}[).]\s+\S")
_CLOSERS = "\"'”’»)]}*"
_SENTENCE_END = ".!:;,…"
_QUESTION_MARKS = "?؟"


def _key(line: str) -> str:
    """A line reduced for pattern matching: casefolded, quotes straightened, no trailing marks."""
    key = " ".join(line.translate(_INVISIBLE).translate(_QUOTES).casefold().split())
    return key.rstrip(" .:!?*|>»›-")


def _words(line: str) -> int:
    return len(line.split())


def _clean(line: str) -> str:
    return line.translate(_INVISIBLE).strip()


def _unbullet(line: str) -> str:
    return _BULLET_RE.sub("", _clean(line), count=1)


def _is_chrome(line: str) -> bool:
    """Page furniture recognisable from the line alone."""
    clean = _clean(line)
    if _CHROME_SEARCH_RE.search(clean) and _words(clean) <= 60:
        return True
    if _ELSEWHERE_RE.match(clean) and (_URL_RE.search(clean) or ":" in clean[:16]):
        return True  # "Also read: …", "Read more https://…"
    if len(_LINK_RUN_RE.findall(clean)) >= 2:
        return True  # "World | Asia | Sport": a run of links
    if _words(line) > _CHROME_MAX_WORDS:
        return False
    key = _key(_unbullet(line))
    if _CHROME_LINE_RE.fullmatch(key) or _CAPTCHA_RE.fullmatch(clean):
        return True
    if _BREADCRUMB_RE.match(clean) or (_URL_RE.match(clean) and " " not in clean):
        return True  # a breadcrumb, or a bare address
    tokens = [t for t in re.split(r"[\s|·•,/]+", key) if t]
    return len(tokens) >= 2 and all(t in _SOCIAL_WORDS for t in tokens)


def _is_dateline(line: str) -> bool:
    text = _unbullet(line).rstrip(".")
    if not any(ch.isdigit() for ch in text):
        return False
    if _DATELINE_RE.fullmatch(text):
        return True
    bare = " ".join(_META_PAIR_RE.sub(" ", text).split())
    return bare != text and _DATELINE_RE.fullmatch(bare) is not None


def _is_byline(line: str) -> bool:
    clean = _clean(line)
    if _WIRE_CREDITS_RE.fullmatch(clean) or _EMBED_CREDIT_RE.match(clean):
        return True  # "(Reporting by …; Editing by …)", "— Name (@handle) date"
    if _CREDIT_LABEL_RE.fullmatch(clean):
        return True  # "(Reporting by …; Editing by …)", "— Name (@handle) date"
    if _AGENCY_LINE_RE.fullmatch(clean.rstrip(".")) or _is_labelled_byline(clean):
        return True
    if _BYLINE_LABEL_RE.fullmatch(clean.rstrip(":")):
        return True  # "Written By" on a line of its own
    if _NAME_AND_STAMP_RE.fullmatch(clean) and not _GLUED_CREDIT_RE.fullmatch(clean):
        return True
    if re.match(r"from\s+(?:https?://|www\.)\S+$", clean, re.IGNORECASE):
        return True
    if not _BYLINE_RE.match(clean):
        return False
    if _URL_RE.search(clean):
        return True  # "Via https://southfront.org/…"
    rest = clean.split(None, 1)[1] if len(clean.split()) > 1 else ""
    # "By the time…" is body; a credit names someone, and is short and unpunctuated.
    first = rest.lstrip(":").lstrip()[:1]
    short = _words(clean) <= 4 and not any(ch in _SENTENCE_END for ch in clean)
    return (
        _words(clean) <= _BYLINE_MAX_WORDS
        and (short or not first.islower())
        and clean[-1] not in _SENTENCE_END
    )


def _is_labelled_byline(clean: str) -> bool:
    """ "نویسنده: …": a byline under its label in a right-to-left language."""
    return _BYLINE_LABEL_RTL_RE.match(clean) is not None and _words(clean) <= 8


def _is_caption(line: str) -> bool:
    clean = _clean(line)
    if _CREDIT_RE.search(clean) or _CAPTION_OPENING_RE.match(clean):
        return True
    if _CREDIT_ONLY_RE.fullmatch(clean):
        return True  # "Rahmat Gul/AP" under its picture
    if _words(clean) >= 6 and (_CREDIT_TAIL_RE.search(clean) or _NAME_TAIL_RE.search(clean)):
        return True
    # "© Agency . Photographer Description…": a credit, not a copyright notice.
    return clean.startswith("©") and _words(clean) >= 6 and not re.search(r"\d{4}|rights", clean)


def _is_credit_only(line: str) -> bool:
    """A line that is nothing but a photo credit (its picture's text may be the line above)."""
    match = _CREDIT_RE.search(line)
    return match is not None and not line[: match.start()].strip()


def _is_heading_like(line: str, *, bang: bool = False) -> bool:
    """Short, standalone, not ended like a sentence: a headline or a subheading."""
    clean = _clean(line)
    if not clean or _words(clean) > _HEADLINE_MAX_WORDS or len(clean) > _HEADLINE_MAX_CHARS:
        return False
    if _URL_RE.search(clean) or not any(ch.isalpha() for ch in clean):
        return False
    core = clean.rstrip(_CLOSERS + " ")
    if not core or (core[-1] in _SENTENCE_END and not (bang and core[-1] == "!")):
        return False
    first = next(ch for ch in clean if ch.isalnum())
    return not first.islower()


def _is_glued_headline(line: str) -> bool:
    match = _GLUED_CREDIT_RE.fullmatch(_clean(line))
    return match is not None and _is_heading_like(match.group("head"))


def _fold(line: str) -> str:
    """Comparison form for spotting a repeated headline."""
    return _key(line).strip("\"' ")


def inline_dateline_end(line: str) -> int:
    """Where an agency dateline opening a paragraph ends ("LONDON, September 3. /TASS/."), or 0."""
    match = INLINE_DATELINE_RE.match(line)
    return match.end() if match and line[match.end() :].strip() else 0


def _shape_kind(text: str) -> Kind:
    if _is_caption(text):
        return Kind.CAPTION
    if _is_chrome(text):
        return Kind.CHROME
    if _is_dateline(text):
        return Kind.DATELINE
    if _is_byline(text):
        return Kind.BYLINE
    if _SPEAKER_RE.fullmatch(_clean(text)):
        return Kind.BODY  # "Ned Price: (00:11)" opens what he said
    if _is_glued_headline(text):
        return Kind.HEADLINE
    if _BULLET_RE.match(_clean(text)):
        # A bullet list: long items summarise the story (body), short ones are links.
        return Kind.BODY if _words(_unbullet(text)) >= 5 else Kind.CHROME
    if _is_heading_like(text, bang=True):
        return Kind.HEADLINE
    return Kind.BODY


def classify(lines: list[Line], hints: Mapping[int, Kind] | None = None) -> list[Kind]:
    """A default kind per line, from its own shape, its place in the page and the page's hints.

    ``hints`` maps a line's start offset to the kind the page's markup gives it.
    """
    texts = [line.text for line in lines]
    kinds = [_shape_kind(text) for text in texts]
    n = len(lines)

    # A credit on a line of its own captions the line right above it (same paragraph).
    for i in range(1, n):
        if (
            kinds[i] is Kind.CAPTION
            and kinds[i - 1] is Kind.BODY
            and not lines[i].blank_before
            and _is_credit_only(texts[i])
        ):
            kinds[i - 1] = Kind.CAPTION
    # "Written By" on its own line: the names under it are the byline.
    for i in range(n - 1):
        if _BYLINE_LABEL_RE.fullmatch(_clean(texts[i]).rstrip(":")) and kinds[i + 1] in (
            Kind.HEADLINE,
            Kind.CHROME,
        ):
            if _words(texts[i + 1]) <= 8:
                kinds[i + 1] = Kind.BYLINE
    # A table of contents: the numbered lines after "Contents" are links, not subheadings.
    for i in range(n):
        if _key(texts[i]) in ("contents", "table of contents", "in this article"):
            j, entries = i + 1, set()
            while j < n and _NUMBERED_RE.match(texts[j]) and kinds[j] is Kind.HEADLINE:
                if _fold(texts[j]) in entries:
                    break  # the first entry again: the section itself begins
                entries.add(_fold(texts[j]))
                kinds[j] = Kind.CHROME
                j += 1

    body = [i for i, kind in enumerate(kinds) if kind is Kind.BODY]
    first_body = body[0] if body else n

    # Below the first paragraph, a line ending in "?" or "!" is speech (a question in a
    # transcript or an interview), not a subheading — unless a long paragraph follows it, as
    # one follows a subheading ("What are the consequences of the fighting?").
    for i in range(first_body + 1, n):
        end = _clean(texts[i]).rstrip(_CLOSERS + " ")[-1:]
        if kinds[i] is not Kind.HEADLINE or end not in _QUESTION_MARKS + "!":
            continue
        introduces = i + 1 < n and kinds[i + 1] is Kind.BODY and _words(texts[i + 1]) >= 40
        if end == "!" or _ASKED_RE.match(_clean(texts[i])) or not introduces:
            kinds[i] = Kind.BODY
    body = [i for i, kind in enumerate(kinds) if kind is Kind.BODY]
    first_body = body[0] if body else n

    # The page's headline is printed twice on scraped pages (title, breadcrumb, share bar):
    # what stands above its first copy is site furniture.
    folded = [_fold(t) for t in texts]
    repeated = [
        i
        for i in range(n)
        if kinds[i] is Kind.HEADLINE
        and _words(texts[i]) >= 3
        and any(folded[j] == folded[i] for j in range(i + 1, n))
    ]
    if repeated:
        main = repeated[0]
        for i in range(main):
            if kinds[i] in (Kind.HEADLINE, Kind.BODY):
                kinds[i] = Kind.CHROME
        body = [i for i, kind in enumerate(kinds) if kind is Kind.BODY]
        first_body = body[0] if body else n

    # Above the body: the longest heading-like line is the headline; a very short one above it
    # is the outlet's masthead ("The Guardian").
    top = [i for i in range(first_body) if kinds[i] is Kind.HEADLINE]
    if top:
        main = max(top, key=lambda i: (_words(texts[i]), -i))
        for i in top:
            if i < main and _words(texts[i]) <= _MASTHEAD_MAX_WORDS:
                kinds[i] = Kind.CHROME

    # A word or two between the headline and the story ("International") is its section.
    if top:
        for i in range(main + 1, first_body):
            if kinds[i] is Kind.HEADLINE and _words(texts[i]) <= 2:
                kinds[i] = Kind.CHROME

    # A headline repeated verbatim (or cut short, or glued to links) is page furniture the
    # second time round.
    seen: list[str] = []
    for i, kind in enumerate(kinds):
        if kind is not Kind.HEADLINE:
            continue
        long_enough = _words(texts[i]) >= 4 and len(folded[i]) >= 24
        if any(
            folded[i] == s or (long_enough and (folded[i] in s or s in folded[i])) for s in seen
        ):
            kinds[i] = Kind.CHROME
        seen.append(folded[i])

    # Below the last body paragraph nothing is introduced any more: heading-like lines there
    # are footer furniture ("Most Popular"), not subheadings — unless a stamp follows (a
    # live-blog post's title) or nothing does (a subheading where an opening was cut).
    if body:
        for i in range(body[-1] + 1, n):
            follows = kinds[i + 1] if i + 1 < n else None
            if kinds[i] is Kind.HEADLINE and follows not in (Kind.DATELINE, Kind.BYLINE, None):
                kinds[i] = Kind.CHROME

    if hints:
        offsets = sorted(hints)
        previous_end = 0
        for i, line in enumerate(lines):
            # The hint given at the line's start, or where the converter began it (before a
            # non-breaking space that segmentation strips, say).
            at = bisect.bisect_right(offsets, line.start) - 1
            hint = hints[offsets[at]] if at >= 0 and offsets[at] >= previous_end else None
            previous_end = line.start + len(line.text)
            if hint is None or hint is kinds[i]:
                continue
            # The markup knows where the page's furniture and captions are; a dateline or a
            # byline inside an article's header is still one.
            if hint is Kind.CHROME and kinds[i] in (Kind.DATELINE, Kind.BYLINE):
                continue
            kinds[i] = hint
    return kinds
