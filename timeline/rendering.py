"""The timeline's compact event lines and its overview picture, each rendered once per content.

Every one of them is a pure function of the values it shows, so its HTML is kept, per process
and at most MEMO_SIZE of them, under a key made of all those values: a changed title, quote,
grade, claimant or note link makes a new key and so a new rendering. Nothing is invalidated and
nothing can be stale; a write costs only the lines it changed. Without this, two thirds of an
uncached timeline went on Django's template engine writing out the same quotes again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from functools import lru_cache
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from pagecache.memo import Keyed
from timeline.lines import EventLine
from timeline.overview import Overview

TEMPLATE = "timeline/timeline.html"
# A rendered line is 1–6 KB and its key about as much again: 1,000 hold ~12 MB per worker.
MEMO_SIZE = 1_000


_SCALARS = frozenset({str, SafeString, int, float, bool, type(None), dt.date, dt.datetime})
_FIELDS: dict[type, tuple[str, ...]] = {}


def content_key(value: Any) -> Any:
    """Every value a record holds, nested lists and dataclasses included, as a hashable key.

    The class name is part of it, so two records with equal fields of different kinds differ;
    SafeString and str compare equal, which is right: they render the same characters. This
    runs for every value on the page, so scalars are passed through without a call."""
    kind = type(value)
    if kind is list or kind is tuple:
        return tuple(v if type(v) in _SCALARS else content_key(v) for v in value)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else ()
    if not names:
        return value
    items = (getattr(value, name) for name in names)
    return (kind.__name__, *(v if type(v) in _SCALARS else content_key(v) for v in items))


def _keyed(partial: str, context: dict[str, Any]) -> Keyed:
    """The partial and its context, keyed on the partial and every value the context holds."""
    key = (partial, *((name, content_key(v)) for name, v in sorted(context.items())))
    return Keyed(key, context)


@lru_cache(maxsize=MEMO_SIZE)
def _rendered(what: Keyed) -> SafeString:
    # The partials are pure: no request, no context processors, nothing but their context.
    html = mark_safe(render_to_string(f"{TEMPLATE}#{what.key[0]}", what.payload))
    what.payload = None  # the memo keeps the key and the HTML, not the records behind them
    return html


def compact_line_html(line: EventLine, *, full_query: str, can_edit: bool) -> SafeString:
    """One event of the compact view: its line, and its quotes behind <details>."""
    return _rendered(
        _keyed(
            "compact-line",
            {"line": line, "full_query": full_query, "can_edit": can_edit, "view": "compact"},
        )
    )


def overview_html(overview: Overview) -> SafeString:
    """The overview picture, for the events of the page."""
    return _rendered(_keyed("overview", {"overview": overview}))
