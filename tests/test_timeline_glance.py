"""The timeline at a glance: the overview picture, the compact and full views, the evidence
that met the filters, the downloads (TimelineJS JSON, CSV) and HEAD, through the real stack."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from articles.models import Article, Sentence
from notes.models import Status
from pagecache.stamps import stamps_bump
from tests.factories import OutletFactory, body_sentence, make_article
from tests.timeline_factories import (
    ClaimantFactory,
    EventFactory,
    evidence_for,
    guardian_article,
    note_on,
)
from timeline.pages import TIMELINE

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return guardian_article(6)


@pytest.fixture
def repost():
    return make_article(
        3,
        headline="A propaganda re-post",
        slug="repost",
        outlet=OutletFactory(name="SouthFront", slug="southfront", reliability="E"),
        published=dt.date(2021, 8, 24),
    )


def html_of(response) -> str:
    return response.content.decode()


def line_of(html: str, slug: str) -> str:
    """One event's line in the compact view."""
    return html.split(f'id="{slug}"')[1].split('<li class="event-line')[0]


@pytest.fixture
def disputed(article, repost):
    """A contested event quoting two sources, graded 2 and 5, one by a named claimant."""
    event = EventFactory(slug="fighters", title="Fighters number 6,000", place="Panjshir")
    evidence_for(event, body_sentence(article, 1), role="claims", order=0)
    evidence_for(event, body_sentence(repost, 1), role="disputes", order=1)
    note_on(body_sentence(article, 1), credibility=2, claimant=ClaimantFactory(name="Fahim Dashty"))
    note_on(body_sentence(repost, 1), credibility=5, body="Repeats the **other side**.")
    return event


# --- The compact view (the default) ---------------------------------------------------------


def test_compact_view_is_the_default_with_one_line_per_event(client, disputed, article):
    plain = EventFactory(slug="kabul", title="Kabul falls", date=dt.date(2021, 8, 15))
    evidence_for(plain, body_sentence(article, 3))
    html = html_of(client.get("/timeline/"))
    assert html.count('<li class="event-line') == 2
    line = line_of(html, "fighters")
    summary = line.split("<summary")[1].split("</summary>")[0]
    assert '<time class="event-line__date" datetime="2021-08-23">23 August 2021</time>' in summary
    assert "Fighters number 6,000" in summary
    assert "Contested" in summary
    assert "2 sources" in summary
    assert '<span class="grade-range">B2 to E5</span>' in summary
    assert "1 source" in line_of(html, "kabul") and "not yet graded" in line_of(html, "kabul")


def test_compact_view_keeps_the_evidence_one_click_away_without_the_notes(client, disputed):
    line = line_of(html_of(client.get("/timeline/")), "fighters")
    assert '<details class="event-line__details">' in line
    evidence = line.split("</summary>")[1]
    assert body_sentence(Article.objects.get(slug="besieged"), 1).text in evidence
    assert "claimant: Fahim Dashty" in evidence
    assert "other side" not in evidence  # the note's text is in the full view
    assert 'href="?view=full#fighters"' in evidence


def test_a_quote_says_when_its_article_date_was_inferred_or_is_in_doubt(client, article):
    """The date label is the site's own, with its tags, as on the article page."""
    inferred = make_article(
        2,
        headline="An inferred date",
        slug="inferred",
        published=dt.date(2021, 8, 30),
        published_basis="inferred",
    )
    event = EventFactory(slug="dated", title="Dated quotes")
    evidence_for(event, body_sentence(inferred, 1), order=0)
    evidence_for(event, body_sentence(article, 1), order=1)
    Article.objects.filter(pk=article.pk).update(date_doubtful=True)
    stamps_bump(TIMELINE)
    evidence = line_of(html_of(client.get("/timeline/")), "dated").split("</summary>")[1]
    inferred_quote, doubtful_quote = evidence.split('<li class="evidence')[1:3]
    assert '<span class="tag">date inferred</span>' in inferred_quote
    assert "date in doubt" not in inferred_quote
    assert '<span class="tag tag--warn">date in doubt</span>' in doubtful_quote


def test_approximate_and_month_dates_keep_their_precision_in_the_line(client):
    EventFactory(slug="approach", date=dt.date(2021, 8, 22), date_precision="approximate")
    EventFactory(slug="exodus", date=dt.date(2021, 8, 1), date_precision="month")
    html = html_of(client.get("/timeline/"))
    assert 'datetime="2021-08-22">About 22 August 2021</time>' in html
    assert 'datetime="2021-08">August 2021</time>' in html


def test_the_full_view_is_a_click_away_and_kept_in_the_url(client, disputed):
    html = html_of(client.get("/timeline/?contested=1"))
    assert '<a href="?contested=1&amp;view=full" aria-describedby="view-label">Full' in html
    full = html_of(client.get("/timeline/?contested=1&view=full"))
    assert '<input type="hidden" name="view" value="full">' in full
    assert 'class="event event--contested"' in full
    assert "Repeats the <strong>other side</strong>." in full
    assert 'aria-current="page" aria-describedby="view-label">Full' in full
    assert '<a href="?contested=1" aria-describedby="view-label">Compact' in full


# --- The overview picture -------------------------------------------------------------------


def overview_of(html: str) -> str:
    return re.search(r'<figure class="overview".*?</figure>', html, re.S).group(0)


def test_the_overview_draws_a_linked_mark_per_event_with_its_sources(client, disputed, article):
    plain = EventFactory(slug="kabul", title="Kabul falls", date=dt.date(2021, 8, 15))
    evidence_for(plain, body_sentence(article, 3))
    svg = overview_of(html_of(client.get("/timeline/")))
    assert '<title id="overview-title">Overview of 2 events, ' in svg
    assert '<desc id="overview-desc">' in svg
    marks = re.findall(
        r'<a class="(overview__mark[^"]*)" href="#([^"]+)" aria-label="([^"]+)"', svg
    )
    assert [(href, label) for _, href, label in marks] == [
        ("kabul", "15 August 2021: Kabul falls (1 source)"),
        ("fighters", "23 August 2021: Fighters number 6,000 "
         "(2 sources; contested: the sources disagree)"),
    ]  # fmt: skip
    assert "overview__mark--contested" in marks[1][0]
    assert svg.count('<polygon class="overview__marker"') == 2  # the contested mark, the legend
    assert "· contested</tspan>" in svg


def test_the_overview_follows_the_filters(client, disputed, article):
    evidence_for(EventFactory(slug="kabul", title="Kabul falls"), body_sentence(article, 3))
    svg = overview_of(html_of(client.get("/timeline/?contested=1")))
    assert 'href="#fighters"' in svg and 'href="#kabul"' not in svg
    assert "Overview of 1 event," in svg


def test_no_overview_when_nothing_matches(client, disputed):
    html = html_of(client.get("/timeline/?claimant=Nobody"))
    assert '<figure class="overview"' not in html


def test_the_page_carries_no_inline_style_or_script(client, disputed):
    html = html_of(client.get("/timeline/"))
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


# --- Filters show what matched --------------------------------------------------------------


def test_the_quote_that_met_the_filter_is_marked_and_the_others_folded(client, disputed):
    html = html_of(client.get("/timeline/?credibility=5"))
    line = line_of(html, "fighters")
    assert "1 of 2 quotes matches the filters" in line
    matched, others = line.split('<details class="evidence-others">')
    assert matched.count("Matches the filters</span>") == 1
    assert "A propaganda" not in matched and "SouthFront" in matched
    assert "1 other quote for this event, not matching the filters" in others
    assert "The Guardian" in others and "Matches the filters" not in others


def test_a_source_and_claimant_filter_marks_the_same_sentence(client, disputed):
    html = html_of(client.get("/timeline/?source=besieged&claimant=Fahim+Dashty&view=full"))
    article_html = html.split('id="fighters"')[1]
    matched = article_html.split('<details class="evidence-others">')[0]
    assert 'class="evidence evidence--claims evidence--match"' in matched
    assert "claimant: Fahim Dashty" in matched


def test_the_contested_filter_marks_the_disputing_quote(client, disputed):
    line = line_of(html_of(client.get("/timeline/?contested=1")), "fighters")
    assert 'class="evidence evidence--disputes evidence--match"' in line
    assert "1 of 2 quotes matches the filters" in line


def test_without_filters_nothing_is_marked(client, disputed):
    html = html_of(client.get("/timeline/"))
    assert "evidence--match" not in html and "evidence-others" not in html


def test_the_filter_form_shows_the_filters_of_the_results_and_no_autofill(client, disputed):
    html = html_of(client.get("/timeline/?credibility=5&contested=1"))
    form = re.search(r"<form method=\"get\".*?</form>", html, re.S).group(0)
    assert 'autocomplete="off"' in form
    assert '<option value="5" selected>' in form
    assert re.search(r'<input type="checkbox" name="contested"[^>]*checked', form)
    assert 'hx-history="false"' in html


# --- Print header ---------------------------------------------------------------------------


def test_the_print_header_names_the_url_the_filters_and_the_day(client, disputed):
    html = html_of(client.get("/timeline/?contested=1"))
    header = html.split('<div class="print-header">')[1].split("</div>")[0]
    assert "http://testserver/timeline/?contested=1" in header
    assert "Filters: contested events only" in header
    assert f"{timezone.localdate():%-d %B %Y}" in header


# --- Downloads ------------------------------------------------------------------------------


def test_the_timelinejs_json_downloads_with_a_dated_name(client, disputed):
    response = client.get("/timeline.json?contested=1")
    assert response.status_code == 200
    name = f"panjshir-timeline-{timezone.localdate():%Y-%m-%d}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert [event["unique_id"] for event in response.json()["events"]] == ["fighters"]


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_one_row_per_quote_with_its_event_and_grade(client, disputed):
    response = client.get("/timeline.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    name = f"panjshir-timeline-{timezone.localdate():%Y-%m-%d}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    header, *rows = csv_rows(response)
    assert header[:5] == [
        "event date",
        "event end date",
        "date precision",
        "date as shown",
        "event",
    ]
    assert len(rows) == 2
    first = dict(zip(header, rows[0], strict=True))
    assert first["event"] == "Fighters number 6,000"
    assert first["contested"] == "yes"
    assert first["grade"] == "B2" and first["claimant"] == "Fahim Dashty"
    assert first["event link"] == "http://testserver/timeline/e/fighters/"
    assert first["sentence link"].startswith("http://testserver/articles/besieged/s/")
    second = dict(zip(header, rows[1], strict=True))
    assert (second["outlet"], second["grade"], second["role"]) == ("SouthFront", "E5", "Disputes")


def test_the_csv_never_hands_a_spreadsheet_a_formula(client, article):
    event = EventFactory(slug="hostile", title='=HYPERLINK("http://evil.example","click")')
    sentence = body_sentence(article, 1)
    Sentence.objects.filter(pk=sentence.pk).update(text="-2+3 fighters; @everyone")
    evidence_for(event, Sentence.objects.get(pk=sentence.pk))
    stamps_bump({TIMELINE})
    header, row = csv_rows(client.get("/timeline.csv"))
    cells = dict(zip(header, row, strict=True))
    assert cells["event"] == '\'=HYPERLINK("http://evil.example","click")'
    assert cells["quote"] == "'-2+3 fighters; @everyone"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_the_csv_follows_the_filters_and_refuses_bad_ones(client, disputed, article):
    evidence_for(EventFactory(slug="kabul", title="Kabul falls"), body_sentence(article, 3))
    _, *rows = csv_rows(client.get("/timeline.csv?contested=1"))
    assert {row[4] for row in rows} == {"Fighters number 6,000"}
    refused = client.get("/timeline.csv?credibility=9")
    assert refused.status_code == 400
    assert "credibility" in refused.content.decode()


def test_downloads_hold_published_events_only(client, disputed):
    EventFactory(slug="draft", title="Still being checked", status=Status.DRAFT)
    assert "Still being checked" not in client.get("/timeline.csv").content.decode()


# --- HEAD -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/timeline/", "/timeline.json", "/timeline.csv"])
def test_head_answers_like_get_without_a_body(client, disputed, url):
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 == got.status_code
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    for name in ("ETag", "Content-Disposition"):
        assert head.get(name) == got.get(name)


def test_head_through_the_page_cache_leaves_the_page_whole_for_the_next_get(client, disputed):
    """A HEAD that misses the cache renders and stores the page; a GET then gets it all."""
    head = client.head("/timeline/", headers={"accept-encoding": "gzip"})
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Encoding"] == "gzip"
    got = client.get("/timeline/")
    assert "Fighters number 6,000" in html_of(got)
    assert client.head("/timeline/", headers={"if-none-match": got["ETag"]}).status_code == 304


def test_other_methods_are_still_refused(client):
    assert client.post("/timeline/").status_code == 405
    assert client.post("/timeline.csv").status_code == 405
