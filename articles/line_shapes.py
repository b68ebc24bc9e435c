"""What one line of a scraped page looks like on its own: furniture, dateline, byline, credit.

The patterns news pages are built from — site chrome and link runs, wire datelines and
live-blog stamps, bylines and photo credits, heading-like lines — each read from the line
alone, never from one outlet's strings. articles.line_kinds weighs them, with the line's
place on the page, into a kind.

Pure Python (no Django), used by line_kinds.py.
"""

from __future__ import annotations

import re

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u200e\u200f"))
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

_HEADLINE_MAX_WORDS = 20
_HEADLINE_MAX_CHARS = 160
_CHROME_MAX_WORDS = 15
_BULLET_RE = re.compile(r"^(?:[•·▪◦●■►▸*]|[-–]\s)\s*")

# Furniture a whole (short) line can be; matched against line_key(line).
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
CLOSERS = "\"'”’»)]}*"
_SENTENCE_END = ".!:;,…"


def line_key(line: str) -> str:
    """A line reduced for pattern matching: casefolded, quotes straightened, no trailing marks."""
    key = " ".join(line.translate(_INVISIBLE).translate(_QUOTES).casefold().split())
    return key.rstrip(" .:!?*|>»›-")


def word_count(line: str) -> int:
    """How many words the line has (runs of non-space)."""
    return len(line.split())


def cleaned(line: str) -> str:
    """The line without invisible characters (zero-width spaces, BOM, soft hyphen), stripped."""
    return line.translate(_INVISIBLE).strip()


def unbullet(line: str) -> str:
    """The line without the bullet that opens it, if any."""
    return _BULLET_RE.sub("", cleaned(line), count=1)


def is_chrome(line: str) -> bool:
    """Page furniture recognisable from the line alone."""
    clean = cleaned(line)
    if _CHROME_SEARCH_RE.search(clean) and word_count(clean) <= 60:
        return True
    if _ELSEWHERE_RE.match(clean) and (_URL_RE.search(clean) or ":" in clean[:16]):
        return True  # "Also read: …", "Read more https://…"
    if len(_LINK_RUN_RE.findall(clean)) >= 2:
        return True  # "World | Asia | Sport": a run of links
    if word_count(line) > _CHROME_MAX_WORDS:
        return False
    key = line_key(unbullet(line))
    if _CHROME_LINE_RE.fullmatch(key) or _CAPTCHA_RE.fullmatch(clean):
        return True
    if _BREADCRUMB_RE.match(clean) or (_URL_RE.match(clean) and " " not in clean):
        return True  # a breadcrumb, or a bare address
    tokens = [t for t in re.split(r"[\s|·•,/]+", key) if t]
    return len(tokens) >= 2 and all(t in _SOCIAL_WORDS for t in tokens)


def is_dateline(line: str) -> bool:
    """A date or time stamp, perhaps labelled ("Published on …") or among key-value furniture."""
    text = unbullet(line).rstrip(".")
    if not any(ch.isdigit() for ch in text):
        return False
    if _DATELINE_RE.fullmatch(text):
        return True
    bare = " ".join(_META_PAIR_RE.sub(" ", text).split())
    return bare != text and _DATELINE_RE.fullmatch(bare) is not None


def is_byline(line: str) -> bool:
    """Who wrote, reported or sent it ("By …", an agency, a credit under its label)."""
    clean = cleaned(line)
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
    short = word_count(clean) <= 4 and not any(ch in _SENTENCE_END for ch in clean)
    return (
        word_count(clean) <= _BYLINE_MAX_WORDS
        and (short or not first.islower())
        and clean[-1] not in _SENTENCE_END
    )


def _is_labelled_byline(clean: str) -> bool:
    """ "نویسنده: …": a byline under its label in a right-to-left language."""
    return _BYLINE_LABEL_RTL_RE.match(clean) is not None and word_count(clean) <= 8


def is_caption(line: str) -> bool:
    """A picture's caption: a photo credit in it or ending it, or a caption's opening words."""
    clean = cleaned(line)
    if _CREDIT_RE.search(clean) or _CAPTION_OPENING_RE.match(clean):
        return True
    if _CREDIT_ONLY_RE.fullmatch(clean):
        return True  # "Rahmat Gul/AP" under its picture
    if word_count(clean) >= 6 and (_CREDIT_TAIL_RE.search(clean) or _NAME_TAIL_RE.search(clean)):
        return True
    # "© Agency . Photographer Description…": a credit, not a copyright notice.
    return (
        clean.startswith("©") and word_count(clean) >= 6 and not re.search(r"\d{4}|rights", clean)
    )


def is_credit_only(line: str) -> bool:
    """A line that is nothing but a photo credit (its picture's text may be the line above)."""
    match = _CREDIT_RE.search(line)
    return match is not None and not line[: match.start()].strip()


def is_heading_like(line: str, *, bang: bool = False) -> bool:
    """Short, standalone, not ended like a sentence: a headline or a subheading."""
    clean = cleaned(line)
    if not clean or word_count(clean) > _HEADLINE_MAX_WORDS or len(clean) > _HEADLINE_MAX_CHARS:
        return False
    if _URL_RE.search(clean) or not any(ch.isalpha() for ch in clean):
        return False
    core = clean.rstrip(CLOSERS + " ")
    if not core or (core[-1] in _SENTENCE_END and not (bang and core[-1] == "!")):
        return False
    first = next(ch for ch in clean if ch.isalnum())
    return not first.islower()


def is_glued_headline(line: str) -> bool:
    """A headline with its byline and date glued on, as some scraped pages print it."""
    match = _GLUED_CREDIT_RE.fullmatch(cleaned(line))
    return match is not None and is_heading_like(match.group("head"))


def is_bulleted(line: str) -> bool:
    """A list item: the line opens with a bullet ("•", "▪", "- "…)."""
    return _BULLET_RE.match(cleaned(line)) is not None


def is_speaker_label(line: str) -> bool:
    """A speaker's name opening what they said in a transcript ("Ned Price: (00:11)")."""
    return _SPEAKER_RE.fullmatch(cleaned(line)) is not None


def is_byline_label(line: str) -> bool:
    """ "Written By" on a line of its own: the names under it are the byline."""
    return _BYLINE_LABEL_RE.fullmatch(cleaned(line).rstrip(":")) is not None


def fold(line: str) -> str:
    """Comparison form for spotting a repeated headline."""
    return line_key(line).strip("\"' ")


def inline_dateline_end(line: str) -> int:
    """Where an agency dateline opening a paragraph ends ("LONDON, September 3. /TASS/."), or 0."""
    match = INLINE_DATELINE_RE.match(line)
    return match.end() if match and line[match.end() :].strip() else 0
