"""The timeline's overview picture: where each event falls on a date axis, as SVG geometry.

Pure functions over plain records (no Django, no queries): the view hands in the events it is
about to list, already fetched, and the template draws what comes back. One row per event, in
the list's order, so the picture and the list below it (its text alternative) say the same.

How a date is drawn says how well it is known: an exact day is a point, an exact range a solid
bar, an approximate day or range a hatched span one day wider on each side (the sources only
bracket it), a month a hatched span over the whole month. Every event also has a marker at its
start holding the number of sources quoted: a circle, or a diamond when the event is contested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

# The drawing's coordinate system (viewBox units; CSS scales it to the box it sits in).
WIDTH = 720
MARGIN = 14
AXIS_HEIGHT = 34
ROW_HEIGHT = 28
MARKER_RADIUS = 10
BAR_HEIGHT = 12
# An average character of the label font, in viewBox units: enough to keep labels inside.
CHAR_WIDTH = 6.4
LABEL_GAP = 6
# Tick spacings tried in turn until the axis has no more than MAX_TICKS labels.
TICK_STEPS = (1, 2, 3, 7, 14)
MAX_TICKS = 10

DAY = "day"
APPROXIMATE = "approximate"
MONTH = "month"


@dataclass(frozen=True)
class OverviewEvent:
    """What the picture needs to know of one event."""

    slug: str
    title: str
    when: str  # the date in words, as the list says it
    start: dt.date
    end: dt.date | None
    precision: str  # "day", "approximate" or "month"
    contested: bool
    sources: int


def _n(value: float) -> str:
    """A coordinate as SVG writes it: one decimal at most."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Tick:
    x: str
    label: str
    month_start: bool


@dataclass(frozen=True)
class Mark:
    """One event's row, every coordinate worked out (the template only writes them down)."""

    event: OverviewEvent
    css: str  # "overview__mark overview__mark--bar overview__mark--contested"
    description: str  # the mark in words: the link's accessible name and its tooltip
    # Coordinates are written out as text once here: a number in a template is localised
    # on every use, which cost more than drawing the rest of the picture.
    row_top: str
    y: str  # the row's centre line
    text_y: str  # the baseline that centres a label's capitals on the row
    shape: str  # "point", "bar" or "uncertain"
    span_x: str
    span_width: str
    bar_y: str
    marker_x: str
    diamond: str  # the contested marker's corners, for <polygon points>; "" for a circle
    count: str  # the number of sources, as written in the marker
    label_x: str
    label_anchor: str  # "start" (right of the mark) or "end" (left of it)
    label: str
    label_note: str  # " · contested", spelt out after the title


def _description(event: OverviewEvent) -> str:
    sources = f"{event.sources} source{'' if event.sources == 1 else 's'}"
    contested = "; contested: the sources disagree" if event.contested else ""
    return f"{event.when}: {event.title} ({sources}{contested})"


def _diamond(x: float, y: float) -> str:
    r = MARKER_RADIUS + 1
    return f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"


@dataclass(frozen=True)
class Overview:
    width: str
    height: str
    axis_y: str
    plot_top: float
    first: dt.date
    last: dt.date  # the last day shown (inclusive)
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    row_height: str = str(ROW_HEIGHT)
    bar_height: str = str(BAR_HEIGHT)
    marker_radius: str = str(MARKER_RADIUS)
    tick_y: str = str(AXIS_HEIGHT - 10)

    @property
    def count(self) -> str:
        """How many events, in words ("18 events")."""
        return f"{len(self.marks)} event{'' if len(self.marks) == 1 else 's'}"

    @property
    def period(self) -> str:
        """The days the axis covers, in words ("14 August – 2 September 2021")."""
        first, last = self.first, self.last
        if first.year != last.year:
            return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"
        if first.month != last.month:
            return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
        return f"{first.day}–{last.day} {last:%B %Y}"


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def known_span(event: OverviewEvent) -> tuple[dt.date, dt.date]:
    """The days the event may cover, as a half-open [first, after) interval."""
    end = event.end or event.start
    if event.precision == MONTH:
        return event.start.replace(day=1), _next_month(end)
    if event.precision == APPROXIMATE:
        return event.start - dt.timedelta(days=1), end + dt.timedelta(days=2)
    return event.start, end + dt.timedelta(days=1)


def _shape(event: OverviewEvent) -> str:
    if event.precision in (APPROXIMATE, MONTH):
        return "uncertain"
    if event.end and event.end != event.start:
        return "bar"
    return "point"


def _ticks(first: dt.date, after: dt.date, x_of: _Scale) -> tuple[Tick, ...]:
    days = (after - first).days
    step = next((s for s in TICK_STEPS if days / s <= MAX_TICKS), None)
    if step is None:  # a long timeline: one tick a month
        day, ticks = _next_month(first) if first.day != 1 else first, []
        while day < after:
            ticks.append(Tick(x=_n(x_of(day)), label=f"{day:%b %Y}", month_start=True))
            day = _next_month(day)
        return tuple(ticks)
    ticks, shown_month = [], None
    for n in range(0, days, step):
        day = first + dt.timedelta(days=n)
        label = str(day.day) if day.month == shown_month else f"{day.day} {day:%b}"
        shown_month = day.month
        ticks.append(
            Tick(x=_n(x_of(day) + x_of.day_width / 2), label=label, month_start=day.day == 1)
        )
    return tuple(ticks)


class _Scale:
    """Days to x: each day is a slot of equal width across the plot."""

    def __init__(self, first: dt.date, after: dt.date) -> None:
        self.first = first
        self.day_width = (WIDTH - 2 * MARGIN) / max((after - first).days, 1)

    def __call__(self, day: dt.date) -> float:
        return MARGIN + (day - self.first).days * self.day_width


def _truncate(text: str, room: float) -> str:
    chars = max(int(room / CHAR_WIDTH), 0)
    if len(text) <= chars:
        return text
    return text[: max(chars - 1, 0)].rstrip() + "…" if chars > 1 else ""


def overview_build(events: Sequence[OverviewEvent]) -> Overview | None:
    """The picture of `events` (in the list's order), or None when there is nothing to draw."""
    if not events:
        return None
    spans = [known_span(event) for event in events]
    first = min(start for start, _ in spans)
    after = max(end for _, end in spans)
    if (after - first).days < 7:  # a day or two would stretch across the whole width
        pad = 7 - (after - first).days
        first -= dt.timedelta(days=pad // 2)
        after += dt.timedelta(days=pad - pad // 2)
    x_of = _Scale(first, after)
    plot_top = AXIS_HEIGHT + 4
    marks = []
    for row, (event, (start, end)) in enumerate(zip(events, spans, strict=True)):
        row_top = plot_top + row * ROW_HEIGHT
        y = row_top + ROW_HEIGHT / 2
        shape = _shape(event)
        span_x, span_end = x_of(start), x_of(end)
        if shape == "point":
            marker_x = span_x + x_of.day_width / 2
            mark_left, mark_right = marker_x - MARKER_RADIUS, marker_x + MARKER_RADIUS
        else:
            nominal = event.start.replace(day=1) if event.precision == MONTH else event.start
            marker_x = x_of(nominal) + min(x_of.day_width / 2, MARKER_RADIUS + 1)
            mark_left = min(span_x, marker_x - MARKER_RADIUS)
            mark_right = max(span_end, marker_x + MARKER_RADIUS)
        note = " · contested" if event.contested else ""
        room_right = WIDTH - MARGIN - (mark_right + LABEL_GAP)
        room_left = mark_left - LABEL_GAP - MARGIN
        anchor = "start" if room_right >= room_left else "end"
        room = (room_right if anchor == "start" else room_left) - len(note) * CHAR_WIDTH
        css = f"overview__mark overview__mark--{shape}"
        marks.append(
            Mark(
                event=event,
                css=css + " overview__mark--contested" if event.contested else css,
                description=_description(event),
                row_top=_n(row_top),
                y=_n(y),
                text_y=_n(y + 4),
                shape=shape,
                span_x=_n(span_x),
                span_width=_n(max(span_end - span_x, 1.0)),
                bar_y=_n(y - BAR_HEIGHT / 2),
                marker_x=_n(marker_x),
                diamond=_diamond(marker_x, y) if event.contested else "",
                count=str(event.sources) if event.sources < 100 else "99+",
                label_x=_n(mark_right + LABEL_GAP if anchor == "start" else mark_left - LABEL_GAP),
                label_anchor=anchor,
                label=_truncate(event.title, room),
                label_note=note,
            )
        )
    return Overview(
        width=str(WIDTH),
        height=_n(plot_top + len(events) * ROW_HEIGHT + 6),
        axis_y=str(AXIS_HEIGHT),
        plot_top=plot_top,
        first=first,
        last=after - dt.timedelta(days=1),
        ticks=_ticks(first, after, x_of),
        marks=tuple(marks),
    )
