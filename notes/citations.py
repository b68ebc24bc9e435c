"""How to cite a sentence: plain text and Markdown, and the article as a CSV of sentences.

Pure functions over what the page already loaded, so the citation on the page, the one the
"copy citation" button copies and the export all say the same thing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass


def date_long(day: dt.date) -> str:
    """ "3 December 2026": the newsroom's date, without a locale's leading zero."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Citation:
    outlet: str
    headline: str
    published: str  # with its precision: "about 23 August 2021"; "" when unknown
    quote: str
    url: str  # the sentence's stable address, absolute
    retrieved: dt.date

    def plain(self) -> str:
        date = self.published or "undated"
        return (
            f"{self.outlet}, “{self.headline}”, {date}: “{self.quote}” "
            f"{self.url} (retrieved {date_long(self.retrieved)})"
        )

    def markdown(self) -> str:
        date = self.published or "undated"
        return (
            f"{markdown_escape(self.outlet)}, “{markdown_escape(self.headline)}”, {date}: "
            f"“{markdown_escape(self.quote)}” <{self.url}> "
            f"(retrieved {date_long(self.retrieved)})"
        )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def markdown_escape(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, links or HTML from a quoted sentence."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# A spreadsheet runs a cell beginning with one of these as a formula (OWASP: CSV injection);
# tab and carriage return are in the list because some spreadsheets strip them first.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a formula-leading value gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def csv_document(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """UTF-8 CSV text with a byte-order mark (so spreadsheets read it as UTF-8), every cell
    neutralised against formulas."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell_safe(h) for h in header])
    for row in rows:
        writer.writerow([cell_safe(cell) for cell in row])
    return out.getvalue()
