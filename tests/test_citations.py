"""Citing a sentence: its links on the article page, citations, the CSV, backlinks, events."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from notes.citations import cell_safe, csv_document
from notes.models import Status
from notes.services import EvidenceLink
from tests.factories import OutletFactory, make_article, make_note
from tests.timeline_factories import ClaimantFactory, EventFactory, evidence_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(
        6,
        headline="Resistance says it holds the valley",
        outlet=OutletFactory(name="Tolo News", slug="tolo", reliability="B"),
        published=dt.date(2021, 8, 23),
        published_precision="approximate",
    )


def test_every_sentence_on_the_article_page_links_to_its_stable_address(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    for sentence in article.sentences.exclude(text=article.headline):
        assert f'href="{sentence.get_absolute_url()}" data-cite-link>' in html
    assert 'aria-live="polite" data-copy-status' in html
    assert 'data-cite-published="about 23 August 2021"' in html


def test_sentence_page_offers_plain_and_markdown_citations(client, article):
    sentence = article.sentences.get(position=3)
    html = client.get(sentence.get_absolute_url()).content.decode()
    url = f"http://testserver{sentence.get_absolute_url()}"
    plain = (
        f"Tolo News, “Resistance says it holds the valley”, about 23 August 2021: "
        f"“{sentence.text}” {url} (retrieved "
    )
    assert plain in html
    assert f"<{url}>".replace("<", "&lt;").replace(">", "&gt;") in html  # the Markdown one
    assert f'<link rel="canonical" href="{url}">' in html


def test_markdown_citation_escapes_what_markdown_would_act_on():
    from notes.citations import Citation

    citation = Citation(
        outlet="A*B",
        headline="[x](javascript:y)",
        published="",
        quote="<b>_hi_</b>",
        url="https://example.org/s/abc/",
        retrieved=dt.date(2026, 12, 3),
    )
    text = citation.markdown()
    assert r"A\*B" in text and r"\[x\]\(javascript:y\)" in text and r"\<b\>\_hi\_\</b\>" in text
    assert text.endswith("(retrieved 3 December 2026)") and "undated" in text


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_leading_cells_are_neutralised(lead):
    assert cell_safe(f'{lead}HYPERLINK("http://evil")').startswith("'")
    assert cell_safe("A plain claim") == "A plain claim"


def test_csv_has_a_bom_and_reads_back_as_the_cells_written():
    document = csv_document(["a", "b"], [["=1+1", "Massoud’s “line”, held"]])
    assert document.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(document.lstrip("\ufeff"))))
    assert rows == [["a", "b"], ["'=1+1", "Massoud’s “line”, held"]]


def test_article_csv_lists_sentences_with_grades_claimants_and_notes(client, article):
    make_note(
        article.sentences.get(position=2),
        credibility=4,
        claimant=ClaimantFactory(name="=Taliban spokesman"),
        body="@once: a *claim*.",
    )
    make_note(article.sentences.get(position=3), status=Status.DRAFT, body="Draft doubts.")
    response = client.get(f"/articles/{article.slug}/sentences.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == article.sentences.count()
    second = rows[1]
    assert second["grade"] == "B4" and second["claimant"] == "'=Taliban spokesman"
    assert second["note"] == "'@once: a *claim*." and second["note status"] == "Published"
    assert second["address"].endswith(article.sentences.get(position=2).get_absolute_url())
    assert "Draft doubts." not in body


def test_article_csv_shows_editors_drafts_marked_as_drafts(editor_client, article):
    make_note(article.sentences.get(position=3), status=Status.DRAFT, body="Draft doubts.")
    body = editor_client.get(f"/articles/{article.slug}/sentences.csv").content.decode()
    row = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))[2]
    assert row["note"] == "Draft doubts." and row["note status"] == "Draft"


def _cite(article, cited, n: int, *, status=Status.PUBLISHED):
    """n notes on other sentences citing `cited`, and n events quoting it."""
    others = make_article(n + 1, headline=f"Citing {n} {status}")
    for i in range(n):
        make_note(
            others.sentences.get(position=i + 2),
            status=status,
            evidence=[EvidenceLink(cited, "contradicts")],
        )
        evidence_for(EventFactory(status=status, title=f"Event {status} {i}"), cited)


def test_sentence_page_lists_the_notes_and_events_citing_it(editor_client, article):
    cited = article.sentences.get(position=4)
    _cite(article, cited, 2)
    _cite(article, cited, 1, status=Status.DRAFT)
    html = Client().get(cited.get_absolute_url()).content.decode()
    section = html[html.index('id="backlinks-heading"') :]
    assert section.count("Note (contradicts)") == 2 and section.count("Event (reports)") == 2
    assert "Draft" not in section and "Event draft" not in section
    editors = editor_client.get(cited.get_absolute_url()).content.decode()
    section = editors[editors.index('id="backlinks-heading"') :]
    assert section.count("Note (contradicts)") == 3 and section.count("Event (reports)") == 3
    assert section.count('<strong class="tag tag--draft">Draft</strong>') == 2


def test_backlinks_cost_the_same_queries_however_many_there_are(
    client, article, settings, django_assert_max_num_queries
):
    settings.PUBLIC_PAGE_CACHE = False
    few_cited, many_cited = article.sentences.get(position=2), article.sentences.get(position=5)
    _cite(article, few_cited, 1)
    _cite(article, many_cited, 12)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(few_cited.get_absolute_url())
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(many_cited.get_absolute_url()).content.decode()
    assert html.count("Note (contradicts)") == 12


def test_an_event_permalink_finds_the_timeline_page_it_falls_on(client, article):
    events = [
        EventFactory(slug=f"day-{i:02d}", date=dt.date(2021, 8, 1) + dt.timedelta(days=i))
        for i in range(25)
    ]
    late = events[24]
    assert late.get_absolute_url() == "/timeline/e/day-24/"
    response = client.get(late.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == "/timeline/?page=2#day-24"
    assert 'id="day-24"' in client.get("/timeline/?page=2").content.decode()
    assert client.get(events[0].get_absolute_url())["Location"] == "/timeline/#day-00"
    assert client.get("/timeline/e/no-such-event/").status_code == 404


def test_a_draft_event_has_no_public_permalink(editor_client):
    draft = EventFactory(slug="unpublished", status=Status.DRAFT)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert editor_client.get(draft.get_absolute_url()).status_code == 302
