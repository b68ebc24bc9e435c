"""What the checks read in words: relative dates, stated dates, attribution, doubt.

Pure functions over text (no Django), general patterns rather than any article's phrases.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = rf"(?P<month>{'|'.join(MONTHS)})"
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few|\d+)"

# Words that only mean a date once resolved against the day the text was written.
RELATIVE_DATE = re.compile(
    r"\b(?:"
    rf"(?P<weekday>{'|'.join(WEEKDAYS)})s?(?:\s+(?:morning|afternoon|evening|night))?"
    r"|yesterday|today|tonight|tomorrow|overnight"
    r"|(?:last|this|next|past|previous|coming)\s+(?:week(?:end)?|month|year|night|morning|evening)"
    r"|(?:at|over|on)\s+the\s+weekend"
    rf"|{_NUMBER}\s+(?:day|week|month|year|night)s?\s+(?:ago|earlier|before)"
    r"|earlier\s+(?:this|in\s+the)\s+(?:week|month)"
    r")\b",
    re.IGNORECASE,
)

# "23 August 2021", "21–22 August", "August 23rd, 2021", "2021-08-23".
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[–-]\s*(?P<until>\d{{1,2}}))?\s+{_MONTH}"
    r"(?:,?\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[–-]\s*(?P<until>\d{{1,2}}))?"
    r"(?:,?\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")

# Verbs and phrases that put a statement in someone's mouth.
ATTRIBUTION = re.compile(
    r"\b(?:says?|said|claims?|claimed|according\s+to|reports?|reported|tweets?|tweeted"
    r"|announces?|announced|states?|stated|asserts?|asserted|alleges?|alleged|denies|denied"
    r"|deny|insists?|insisted|accuses?|accused|calls?\s+(?:on|for)|called\s+(?:on|for)"
    r"|urges?|urged|appeals?|appealed|asks?|asked|offers?|offered|warns?|warned|demands?"
    r"|demanded|declares?|declared|statement|message|figures?\s+for|spokesman|spokesperson)\b",
    re.IGNORECASE,
)

# A note saying the article's date is itself uncertain.
DATE_WORD = re.compile(r"\b(?:date|dated|dating|undated)\b", re.IGNORECASE)
DOUBT_WORD = re.compile(
    r"\b(?:doubt\w*|uncertain\w*|unclear|questionable|unreliable|in\s+question|may\s+not"
    r"|cannot\s+be\s+(?:dated|trusted)|does\s+not\s+fit|undated)\b",
    re.IGNORECASE,
)


def relative_date_words(text: str) -> list[str]:
    """The relative date expressions in a text, as written ("Monday", "last week")."""
    return [match.group(0) for match in RELATIVE_DATE.finditer(text)]


def weekdays_named(text: str) -> set[int]:
    """Weekdays a text names in relative dates (0 = Monday), e.g. "on Tuesday evening"."""
    return {
        WEEKDAYS.index(match.group("weekday").lower())
        for match in RELATIVE_DATE.finditer(text)
        if match.group("weekday")
    }


def stated_days(text: str, *, default_year: int) -> list[tuple[dt.date, dt.date]]:
    """Calendar dates (or day ranges) a text states, with `default_year` where none is given."""
    found: list[tuple[dt.date, dt.date]] = []
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            month = MONTHS.index(match.group("month").lower()) + 1
            year = int(match.group("year") or default_year)
            try:
                first = dt.date(year, month, int(match.group("day")))
                last = dt.date(year, month, int(match.group("until") or match.group("day")))
            except ValueError:
                continue
            found.append((first, last))
    for match in _ISO.finditer(text):
        try:
            day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
        found.append((day, day))
    return found


def resolves_relative_dates(sentence: str, note: str, *, default_year: int) -> bool:
    """Does the note state the calendar date the sentence's relative words stand for?

    Any stated date will do for "last week"; a weekday needs a stated day that falls on it
    (a note that resolves "Monday" to a Tuesday has not resolved it).
    """
    days = stated_days(note, default_year=default_year)
    if not days:
        return False
    weekdays = weekdays_named(sentence)
    single = {first.weekday() for first, last in days if first == last}
    spans = {
        (first + dt.timedelta(days=n)).weekday()
        for first, last in days
        for n in range((last - first).days + 1)
    }
    return all(day in single or day in spans for day in weekdays)


def is_attributed(title: str) -> bool:
    """Does a title say whose word it is ("NRF says…", "according to…")?"""
    return bool(ATTRIBUTION.search(title))


def mentions_date_doubt(note: str) -> bool:
    """Does a note say something about the article's date being in doubt?"""
    return bool(DATE_WORD.search(note) and DOUBT_WORD.search(note))
