"""A note save refused because the session or its CSRF token ended keeps every word typed,
says why, and goes through once the editor has signed in again (issue 16, defect 10)."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from notes.models import Note, Status
from tests.factories import OutletFactory, make_article, make_note

pytestmark = pytest.mark.django_db

TYPED = "Half an hour of careful reasoning, with <em>markup</em> typed as text."
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def article():
    return make_article(4, slug="valley", outlet=OutletFactory(name="Wire", reliability="B"))


@pytest.fixture
def strict(editor):
    """An editor's browser that checks CSRF as a real one is checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


NOTE = "/articles/valley/s/2/note/"


def token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def typed(token: str, **extra) -> dict:
    return {"csrfmiddlewaretoken": token, "credibility": "2", "body": TYPED,
            "new_claimant": "A new spokesman", "status": Status.PUBLISHED,
            "base_version": "0", **extra}  # fmt: skip


def sign_in_elsewhere(client: Client) -> None:
    """What signing in again in another tab does to this browser: a new CSRF secret."""
    client.cookies["csrftoken"] = _get_new_csrf_string()


def test_a_save_after_the_session_expired_gives_the_text_back_and_says_why(strict, article):
    token = token_in(strict.get(NOTE).content.decode())
    Session.objects.all().delete()  # the session expired on the server
    refused = strict.post(NOTE, typed(token))
    html = refused.content.decode()
    assert refused.status_code == 403
    assert "you were signed out" in html
    assert "Sign in again in a new tab" in html
    assert "Half an hour of careful reasoning, with &lt;em&gt;markup&lt;/em&gt;" in html
    assert 'value="A new spokesman"' in html
    assert not Note.objects.exists()


def test_the_signed_out_refusal_shows_nothing_of_the_stored_note(client, article, editor):
    make_note(article.sentences.get(position=2), editor=editor, status=Status.DRAFT,
              body="A draft only editors may read.")  # fmt: skip
    refused = client.post(NOTE, typed("x"))  # no session at all
    html = refused.content.decode()
    assert refused.status_code == 403
    assert TYPED.split(",")[0] in html
    assert "A draft only editors may read." not in html and "version 1" not in html


def test_a_save_with_a_token_from_before_signing_in_again_keeps_the_text(strict, article):
    token = token_in(strict.get(NOTE).content.decode())
    sign_in_elsewhere(strict)
    refused = strict.post(NOTE, typed(token))
    html = refused.content.decode()
    assert refused.status_code == 403
    assert "security token had expired" in html
    assert "Half an hour of careful reasoning" in html
    assert not Note.objects.exists()
    # The refusal carries a token good for the new secret: saving it as it stands works.
    saved = strict.post(NOTE, typed(token_in(html)))
    assert saved.status_code == 302
    note = Note.objects.get()
    assert note.body == TYPED and note.claimant.name == "A new spokesman"


def test_under_debug_the_csrf_debug_page_does_not_replace_the_form(strict, article, settings):
    settings.DEBUG = True
    token = token_in(strict.get(NOTE).content.decode())
    sign_in_elsewhere(strict)
    html = strict.post(NOTE, typed(token)).content.decode()
    assert "Half an hour of careful reasoning" in html
    assert "CSRF verification failed" not in html


def test_the_token_endpoint_gives_the_current_token_never_cached(strict, article):
    strict.get(NOTE)
    sign_in_elsewhere(strict)
    answer = strict.get("/accounts/token/")
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"] or "no-cache" in answer["Cache-Control"]
    body = answer.json()
    assert body["signedIn"] is True
    saved = strict.post(NOTE, typed(body["csrfToken"]), HTTP_X_CSRFTOKEN=body["csrfToken"], **HTMX)
    assert saved.status_code == 200 and Note.objects.get().body == TYPED


def test_other_forms_with_an_expired_token_get_a_plain_403(article):
    client = Client(enforce_csrf_checks=True)
    refused = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403
    assert "security token had expired" in refused.content.decode()
