"""Who may do what: every note endpoint that writes (or shows the form to write) against
anonymous readers, signed-in non-editors and editors; and CSRF on every write."""

from __future__ import annotations

import pytest
from django.test import Client

from notes.models import Note, Status
from tests.factories import make_article, make_note

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
NOTE = "/articles/a-test-article/s/3/note/"
SAVE = {"credibility": "3", "body": "Written.", "status": Status.PUBLISHED, "base_version": "0"}

# (name, method, path, data, headers): every request that reaches the note form.
ENDPOINTS = [
    ("note page", "get", NOTE, None, {}),
    ("inline form", "get", NOTE, None, HTMX),
    ("evidence search", "get", NOTE + "?q=number", None, HTMX),
    ("evidence search without js", "post", NOTE, {**SAVE, "action": "search", "q": "x"}, {}),
    ("save", "post", NOTE, SAVE, {}),
    ("save inline", "post", NOTE, SAVE, HTMX),
]
IDS = [endpoint[0] for endpoint in ENDPOINTS]


@pytest.fixture
def article():
    return make_article(5)


def send(client: Client, method: str, path: str, data, headers):
    return (
        getattr(client, method)(path, data, **headers)
        if data
        else getattr(client, method)(path, **headers)
    )


@pytest.mark.parametrize("name,method,path,data,headers", ENDPOINTS, ids=IDS)
def test_anonymous_is_sent_to_sign_in_or_refused(
    client, article, name, method, path, data, headers
):
    response = send(client, method, path, data, headers)
    if method == "get" and not headers:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 403
    assert not Note.objects.exists()


@pytest.mark.parametrize("name,method,path,data,headers", ENDPOINTS, ids=IDS)
def test_signed_in_non_editor_is_refused(
    client, reader, article, name, method, path, data, headers
):
    client.force_login(reader)
    response = send(client, method, path, data, headers)
    assert response.status_code == 403
    assert b"Only editors" in response.content
    assert not Note.objects.exists()


@pytest.mark.parametrize("name,method,path,data,headers", ENDPOINTS, ids=IDS)
def test_editor_is_served(editor_client, article, name, method, path, data, headers):
    response = send(editor_client, method, path, data, headers)
    assert response.status_code in {200, 302}


def test_staff_without_the_editors_group_cannot_write_notes(client, article):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="desk-staff", is_staff=True))
    assert client.post(NOTE, SAVE).status_code == 403


def test_a_save_without_a_csrf_token_is_refused(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(NOTE, SAVE)
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_an_inline_save_without_the_csrf_header_is_refused(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(NOTE, SAVE, **HTMX)
    assert response.status_code == 403


def test_a_save_with_the_token_htmx_sends_is_accepted(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get("/articles/a-test-article/")
    token = page.context["csrf_token"]
    assert f'hx-headers=\'{{"X-CSRFToken": "{token}"}}\'' in page.content.decode()
    response = client.post(NOTE, SAVE, HTTP_X_CSRFTOKEN=str(token), **HTMX)
    assert response.status_code == 200
    assert Note.objects.get().body == "Written."


def test_editors_group_holds_the_note_permissions():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_note", "change_note", "view_note", "add_claimant"} <= codenames
    assert "delete_note" not in codenames  # notes are never deleted from the desk


def test_readers_can_read_published_notes_but_not_the_form(client, reader, article):
    make_note(article.sentences.get(position=3), body="Public reasoning.")
    client.force_login(reader)
    assert b"Public reasoning." in client.get("/articles/a-test-article/s/3/").content
    assert client.get(NOTE).status_code == 403
