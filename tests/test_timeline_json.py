"""/timeline.json: the timeline in TimelineJS3's JSON format, checked against its documentation
(https://timeline.knightlab.com/docs/json-format.html), field by field."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest

from notes.models import Status
from tests.factories import body_sentence
from tests.timeline_factories import (
    ClaimantFactory,
    EventFactory,
    evidence_for,
    guardian_article,
    note_on,
)

pytestmark = pytest.mark.django_db

# The documented objects, transcribed: only documented properties, with their types.
DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer", "minimum": 0, "maximum": 23},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59},
        "second": {"type": "integer", "minimum": 0, "maximum": 59},
        "millisecond": {"type": "integer"},
        "display_date": {"type": "string"},
    },
}
TEXT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
}
SLIDE_PROPERTIES = {
    "start_date": DATE,
    "end_date": DATE,
    "text": TEXT,
    "media": {"type": "object"},
    "group": {"type": "string"},
    "display_date": {"type": "string"},
    "background": {"type": "object"},
    "autolink": {"type": "boolean"},
    "unique_id": {"type": "string"},
}
TIMELINEJS3 = {
    "type": "object",
    "required": ["events"],
    "additionalProperties": False,
    "properties": {
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date"],
                "additionalProperties": False,
                "properties": SLIDE_PROPERTIES,
            },
        },
        "title": {"type": "object", "additionalProperties": False, "properties": SLIDE_PROPERTIES},
        "eras": {"type": "array"},
        "scale": {"enum": ["human", "cosmological"]},
    },
}


@pytest.fixture
def article():
    return guardian_article(4)


@pytest.fixture
def document(client, article):
    """Three published events (day, month, contested range) and one draft."""
    day = EventFactory(slug="kabul-falls", title="Kabul falls", date=dt.date(2021, 8, 15))
    evidence_for(day, body_sentence(article, 1))
    month = EventFactory(
        slug="exodus", title="Soldiers head to Panjshir", date=dt.date(2021, 8, 1),
        date_precision="month",
    )  # fmt: skip
    evidence_for(month, body_sentence(article, 2), role="claims")
    contested = EventFactory(
        slug="khawak", title="Fighting on the Khawak pass", date=dt.date(2021, 8, 30),
        end_date=dt.date(2021, 9, 2), date_precision="approximate", place="Khawak pass",
    )  # fmt: skip
    evidence_for(contested, body_sentence(article, 3), role="claims")
    evidence_for(contested, body_sentence(article, 4), role="disputes")
    note_on(body_sentence(article, 3), credibility=4, claimant=ClaimantFactory(name="Fahim Dashty"))
    EventFactory(slug="draft", title="A draft event", status=Status.DRAFT)
    response = client.get("/timeline.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def slide(document, unique_id):
    return next(e for e in document["events"] if e["unique_id"] == unique_id)


def test_export_validates_against_the_documented_format(document):
    jsonschema.validate(document, TIMELINEJS3)


def test_export_has_a_title_slide_with_headline_and_text(document):
    assert set(document) == {"title", "events"}
    assert document["title"]["text"]["headline"].startswith("The Panjshir standoff")
    assert "start_date" not in document["title"]


def test_each_event_is_a_slide_with_a_unique_id(document):
    ids = [e["unique_id"] for e in document["events"]]
    assert ids == ["exodus", "kabul-falls", "khawak"]
    assert len(set(ids)) == len(ids)


def test_day_precision_start_date_is_year_month_day_numbers(document):
    assert slide(document, "kabul-falls")["start_date"] == {"year": 2021, "month": 8, "day": 15}


def test_month_precision_leaves_the_day_out(document):
    exodus = slide(document, "exodus")
    assert exodus["start_date"] == {"year": 2021, "month": 8}
    assert exodus["display_date"] == "August 2021"


def test_a_range_has_an_end_date_and_an_honest_display_date(document):
    khawak = slide(document, "khawak")
    assert khawak["start_date"] == {"year": 2021, "month": 8, "day": 30}
    assert khawak["end_date"] == {"year": 2021, "month": 9, "day": 2}
    assert khawak["display_date"] == "about 30 August – 2 September 2021"


def test_text_object_has_the_title_as_headline_and_html_evidence(document):
    text = slide(document, "khawak")["text"]
    assert text["headline"] == "Fighting on the Khawak pass"
    assert "<blockquote" in text["text"]
    assert "Sentence number 3 reports that fighters moved near the valley." in text["text"]
    assert "The Guardian" in text["text"]
    assert "grade B4" in text["text"]
    assert "claimant: Fahim Dashty" in text["text"]
    assert "not yet graded" in text["text"]
    assert 'href="http://testserver/articles/besieged/s/' in text["text"]


def test_group_says_contested_claimed_or_reported(document):
    assert slide(document, "khawak")["group"] == "Contested"
    assert slide(document, "exodus")["group"] == "Claimed by one side"
    assert slide(document, "kabul-falls")["group"] == "Reported"


def test_autolink_is_off_because_the_links_are_already_there(document):
    assert all(e["autolink"] is False for e in document["events"])


def test_drafts_are_never_exported(document, editor_client):
    assert "draft" not in [e["unique_id"] for e in document["events"]]
    ids = [e["unique_id"] for e in editor_client.get("/timeline.json").json()["events"]]
    assert "draft" not in ids


def test_export_takes_the_timeline_filters(client, document):
    contested = client.get("/timeline.json?contested=1").json()
    assert [e["unique_id"] for e in contested["events"]] == ["khawak"]


def test_export_refuses_a_bad_filter_with_json(client):
    response = client.get("/timeline.json?credibility=nine")
    assert response.status_code == 400
    assert "credibility" in response.json()["fields"]


def test_export_can_be_loaded_by_a_timelinejs_embed_elsewhere(client):
    assert client.get("/timeline.json")["Access-Control-Allow-Origin"] == "*"


def test_timeline_page_links_to_the_export_with_its_filters(client):
    html = client.get("/timeline/?contested=1").content.decode()
    assert 'href="/timeline.json?contested=1"' in html
