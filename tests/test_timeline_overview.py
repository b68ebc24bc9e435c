"""The overview picture's geometry (timeline/overview.py): pure functions, no database."""

from __future__ import annotations

import datetime as dt

from timeline.overview import MARGIN, MAX_TICKS, WIDTH, OverviewEvent, known_span, overview_build


def event(slug="e", *, start, end=None, precision="day", contested=False, sources=2, title=None):
    return OverviewEvent(
        slug=slug,
        title=title or f"Event {slug}",
        when=f"{start}",
        start=start,
        end=end,
        precision=precision,
        contested=contested,
        sources=sources,
    )


AUG = dt.date(2021, 8, 1)


def day(n: int) -> dt.date:
    return AUG + dt.timedelta(days=n - 1)


def test_nothing_to_draw_gives_no_picture():
    assert overview_build([]) is None


def test_an_exact_day_is_a_point_and_a_range_a_bar_as_long_as_it_lasted():
    picture = overview_build(
        [event("kabul", start=day(15)), event("talks", start=day(26), end=day(31))]
    )
    point, bar = picture.marks
    assert (point.shape, bar.shape) == ("point", "bar")
    days = (picture.last - picture.first).days + 1
    day_width = (WIDTH - 2 * MARGIN) / days
    # The point sits in the middle of its day; the bar covers 26 to 31 August inclusive.
    assert abs(float(point.marker_x) - (MARGIN + day_width / 2)) < 0.1
    assert abs(float(bar.span_x) - (MARGIN + 11 * day_width)) < 0.1
    assert abs(float(bar.span_width) - 6 * day_width) < 0.1


def test_an_approximate_date_is_a_span_a_day_wider_each_side_not_a_point():
    approximate = event(start=day(22), precision="approximate")
    assert known_span(approximate) == (day(21), day(24))
    (mark,) = overview_build([approximate]).marks
    assert mark.shape == "uncertain"
    assert float(mark.span_width) > 0


def test_a_month_only_date_spans_the_whole_month():
    month = event(start=dt.date(2021, 8, 1), precision="month")
    assert known_span(month) == (dt.date(2021, 8, 1), dt.date(2021, 9, 1))
    picture = overview_build([month, event("later", start=dt.date(2021, 9, 3))])
    assert picture.marks[0].shape == "uncertain"
    assert picture.first == dt.date(2021, 8, 1)


def test_a_contested_event_is_a_diamond_and_says_so_in_words():
    contested, agreed = overview_build(
        [event("c", start=day(22), contested=True), event("a", start=day(23))]
    ).marks
    assert contested.diamond and contested.label_note == " · contested"
    assert "contested: the sources disagree" in contested.description
    assert "overview__mark--contested" in contested.css
    assert agreed.diamond == "" and agreed.label_note == ""


def test_the_mark_carries_the_number_of_sources():
    one, many, lots = overview_build(
        [event("a", start=day(1), sources=1), event("b", start=day(2), sources=4),
         event("c", start=day(3), sources=250)]
    ).marks  # fmt: skip
    assert (one.count, many.count, lots.count) == ("1", "4", "99+")
    assert "(1 source)" in one.description and "(4 sources)" in many.description


def test_the_axis_covers_the_period_with_few_labels():
    picture = overview_build([event("a", start=day(15)), event("b", start=dt.date(2021, 9, 1))])
    assert picture.first <= day(15) and picture.last >= dt.date(2021, 9, 1)
    assert picture.period == "15 August – 1 September 2021"
    assert 2 <= len(picture.ticks) <= MAX_TICKS
    assert picture.ticks[0].label == "15 Aug"
    xs = [float(tick.x) for tick in picture.ticks]
    assert xs == sorted(xs) and 0 < xs[0] and xs[-1] < WIDTH


def test_a_long_timeline_gets_monthly_ticks():
    picture = overview_build([event("a", start=dt.date(2021, 1, 5)), event("b", start=day(20))])
    assert [tick.label for tick in picture.ticks][:2] == ["Feb 2021", "Mar 2021"]


def test_labels_stay_inside_the_picture_and_are_shortened_to_fit():
    title = "A very long event title that could never fit beside its mark " * 3
    picture = overview_build(
        [event("early", start=day(1), title=title), event("late", start=day(30), title=title)]
    )
    early, late = picture.marks
    assert early.label_anchor == "start" and late.label_anchor == "end"
    for mark in (early, late):
        assert mark.label.endswith("…") and len(mark.label) < len(title)
        assert 0 <= float(mark.label_x) <= WIDTH


def test_one_row_per_event_in_the_order_given():
    events = [event(f"e{n}", start=day(10 - n)) for n in range(5)]
    picture = overview_build(events)
    assert [mark.event.slug for mark in picture.marks] == [e.slug for e in events]
    tops = [float(mark.row_top) for mark in picture.marks]
    assert tops == sorted(tops) and len(set(tops)) == 5
    assert float(picture.height) > tops[-1]
