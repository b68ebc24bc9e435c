"""The timeline as a spreadsheet: one row per evidence sentence, its event's columns repeated.

UTF-8 with a byte-order mark, so Excel reads the Dari names and curly quotes right; every
cell that a spreadsheet would take for a formula (=, +, -, @, or a tab or carriage return
first) is prefixed with an apostrophe, as OWASP advises against CSV injection: the quotes come
from scraped pages and must never run as formulas on a journalist's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from timeline.models import Event

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = (
    "event date",
    "event end date",
    "date precision",
    "date as shown",
    "event",
    "place",
    "contested",
    "event link",
    "role",
    "quote",
    "outlet",
    "article",
    "article published",
    "grade",
    "information credibility",
    "claimant",
    "sentence link",
)


def cell(value: object) -> str:
    """A value as a cell a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def evidence_rows(events: Iterable[Event], *, absolute: Callable[[str], str]) -> Iterable[list]:
    """The rows (after the header) for events fetched with for_timeline(); `absolute` turns
    a path into a full URL."""
    for event in events:
        event_columns = [
            event.date.isoformat(),
            event.end_date.isoformat() if event.end_date else "",
            event.get_date_precision_display(),
            event.when,
            event.title,
            event.place,
            "yes" if event.is_contested else "no",
            absolute(event.get_absolute_url()),
        ]
        items = list(event.evidence.all())
        if not items:
            yield [*event_columns, *[""] * (len(HEADER) - len(event_columns))]
        for item in items:
            article = item.article
            note = getattr(item.sentence, "shown_note", None) if item.sentence else None
            yield [
                *event_columns,
                item.get_role_display(),
                item.quote,
                article.outlet.name if article else "",
                article.headline if article else "",
                article.published.isoformat() if article and article.published else "",
                note.grade if note else "not yet graded",
                note.get_credibility_display() if note else "",
                note.claimant.name if note and note.claimant else "",
                absolute(item.sentence.get_absolute_url()) if item.sentence else "",
            ]


def evidence_csv(events: Iterable[Event], *, absolute: Callable[[str], str]) -> str:
    """The whole file, byte-order mark first."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in evidence_rows(events, absolute=absolute):
        writer.writerow([cell(value) for value in row])
    return out.getvalue()
