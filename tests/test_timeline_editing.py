"""Editors build the timeline: from a sentence on the article page, and in the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notes.models import Status
from tests.factories import UserFactory, make_article
from tests.timeline_factories import EventFactory, evidence_for
from timeline.models import Event, EventEvidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(4, headline="Fighting in the valley", slug="valley")


@pytest.fixture
def sentence(article):
    return article.sentences.filter(kind="body").order_by("position")[1]


@pytest.fixture
def url(sentence):
    return f"/articles/valley/s/{sentence.position}/event/"


@pytest.fixture
def event():
    return EventFactory(title="Fighters move", slug="fighters-move")


def add_data(event, role="claims") -> dict:
    return {"intent": "add", "add-event": event.pk, "add-role": role}


def new_data(**overrides) -> dict:
    data = {
        "intent": "new",
        "new-date": "2021-08-23",
        "new-date_precision": "day",
        "new-title": "Taliban say the valley is surrounded",
        "new-place": "Panjshir",
        "new-summary": "",
        "new-role": "claims",
    }
    return {**data, **overrides}


# The permission matrix: who may open the form and who may write through it.
@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("reader", 403), ("editor", 200)])
def test_opening_the_form_needs_an_editor(client, reader, editor, url, who, status):
    if who != "anonymous":
        client.force_login({"reader": reader, "editor": editor}[who])
    response = client.get(url)
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("who", "intent", "status", "written"),
    [
        ("anonymous", "add", 302, False),
        ("anonymous", "new", 302, False),
        ("reader", "add", 403, False),
        ("reader", "new", 403, False),
        ("editor", "add", 302, True),
        ("editor", "new", 302, True),
    ],
)
def test_writing_through_the_form_needs_an_editor(
    client, reader, editor, url, event, who, intent, status, written
):
    if who != "anonymous":
        client.force_login({"reader": reader, "editor": editor}[who])
    response = client.post(url, add_data(event) if intent == "add" else new_data())
    assert response.status_code == status
    assert EventEvidence.objects.exists() is written


def test_linking_needs_change_event_and_creating_needs_add_event(client, url, event):
    linker = UserFactory(username="linker")
    linker.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_event", "add_eventevidence"])
    )
    client.force_login(linker)
    assert client.post(url, new_data()).status_code == 403
    assert client.post(url, add_data(event)).status_code == 302
    assert Event.objects.count() == 1


def test_a_post_without_csrf_token_is_refused(editor, url, event):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(url, add_data(event)).status_code == 403
    assert not EventEvidence.objects.exists()


def test_adding_to_an_event_redirects_to_the_sentence_with_a_message(
    editor_client, url, event, sentence
):
    response = editor_client.post(url, add_data(event), follow=True)
    assert response.redirect_chain[-1][0] == f"/articles/valley/#s{sentence.position}"
    assert "now backs the event “Fighters move”" in response.content.decode()
    evidence = EventEvidence.objects.get()
    assert (evidence.event, evidence.sentence, evidence.role) == (event, sentence, "claims")
    assert evidence.quote_exact == sentence.text


def test_a_new_event_from_a_sentence_is_a_draft_with_that_sentence(
    editor_client, editor, url, sentence
):
    editor_client.post(url, new_data())
    event = Event.objects.get()
    assert event.title == "Taliban say the valley is surrounded"
    assert event.status == Status.DRAFT and event.created_by == editor
    assert event.date == dt.date(2021, 8, 23)
    assert list(event.evidence.values_list("sentence", "role")) == [(sentence.pk, "claims")]


def test_with_htmx_the_panel_is_swapped_not_redirected(editor_client, url, event):
    response = editor_client.post(url, add_data(event), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'class="event-panel"' in html
    assert "now backs “Fighters move”" in html
    assert 'href="/timeline/#fighters-move"' in html


def test_with_htmx_the_form_opens_as_a_panel_focused_for_the_keyboard(editor_client, url):
    html = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert '<h2 id="event-panel-heading" class="event-panel__heading" tabindex="-1" autofocus>' in (
        html
    )
    assert "data-dock-close" in html


def test_an_end_date_before_the_start_is_a_form_error_and_nothing_is_written(editor_client, url):
    response = editor_client.post(url, new_data(**{"new-end_date": "2021-08-01"}))
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert not Event.objects.exists()


def test_adding_a_sentence_an_event_already_has_is_a_form_error(
    editor_client, url, event, sentence
):
    evidence_for(event, sentence)
    response = editor_client.post(url, add_data(event))
    assert response.status_code == 200
    assert "This sentence already backs “Fighters move”." in response.content.decode()
    assert EventEvidence.objects.count() == 1


@pytest.mark.parametrize("data", [{}, {"new-title": "x"}, {"intent": "delete"}])
def test_a_post_without_a_known_intent_is_a_bad_request(editor_client, url, data):
    response = editor_client.post(url, data)
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_an_unknown_sentence_is_not_found(editor_client):
    assert editor_client.get("/articles/valley/s/999/event/").status_code == 404


def test_the_article_page_offers_editors_a_control_per_sentence(editor_client, article, url):
    html = editor_client.get("/articles/valley/").content.decode()
    assert f'href="{url}" hx-get="{url}" hx-target="#event-dock"' in html
    assert '<aside id="event-dock"' in html


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_the_article_page_offers_readers_no_event_control(client, reader, article, who):
    if who == "reader":
        client.force_login(reader)
    html = client.get("/articles/valley/").content.decode()
    assert "sentence__event" not in html and "event-dock" not in html


def admin_add_data(sentence, **overrides) -> dict:
    data = {
        "title": "Taliban say the valley is surrounded",
        "slug": "valley-surrounded",
        "date": "2021-08-23",
        "end_date": "",
        "date_precision": "day",
        "place": "Panjshir",
        "summary": "A *claim*.",
        "status": "published",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-order": "1",
        "evidence-0-sentence": str(sentence.pk),
        "evidence-0-role": "claims",
    }
    return {**data, **overrides}


def test_an_event_added_in_the_admin_has_its_summary_rendered_and_evidence_anchored(
    editor_client, editor, sentence
):
    response = editor_client.post("/admin/timeline/event/add/", admin_add_data(sentence))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.summary_html == "<p>A <em>claim</em>.</p>\n"
    assert event.published_by == editor
    evidence = event.evidence.get()
    assert evidence.quote_exact == sentence.text and evidence.anchor_article == sentence.article


def test_the_admin_finds_sentences_for_evidence_by_their_text(editor_client, sentence):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "timeline",
            "model_name": "eventevidence",
            "field_name": "sentence",
            "term": "number 2 reports",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(sentence.pk)]


def test_the_editors_article_page_query_count_does_not_grow_with_sentences(editor_client):
    small = make_article(5, headline="Small article", slug="small")
    large = make_article(1500, headline="Large article", slug="large")
    counts = []
    for article in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            html = editor_client.get(article.get_absolute_url()).content.decode()
        assert "sentence__event" in html
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
