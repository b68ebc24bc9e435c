"""Malformed input gets a 4xx or is ignored, never a 500 (issue 16, defect 7): Unicode digits
where a number goes, ids too large for the database, NUL in a search, and two editors adding
the same new claimant at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from notes.models import Claimant, Note
from tests.factories import OutletFactory, UserFactory, make_article, make_note

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# str.isdigit() is true for all of these; int() refuses the first, reads the others.
UNICODE_DIGITS = ["²", "٣", "３"]
TOO_LARGE = "99999999999999999999"


@pytest.fixture
def article():
    return make_article(5, slug="valley", outlet=OutletFactory(name="Wire", reliability="B"))


def note_url(article, position: int) -> str:
    return f"/articles/{article.slug}/s/{position}/note/"


@pytest.mark.parametrize("page", [*UNICODE_DIGITS, TOO_LARGE, "-1", "0"])
def test_annotation_pages_refuse_a_page_that_is_not_a_plain_number(client, article, page):
    make_note(article.sentences.get(position=2))
    assert client.get("/annotations.jsonld", {"page": page}).status_code == 404


@pytest.mark.parametrize("path", ["/", "/timeline/"])
@pytest.mark.parametrize("page", [*UNICODE_DIGITS, TOO_LARGE])
def test_listing_pages_answer_a_strange_page_number_with_a_real_page(client, article, path, page):
    response = client.get(path, {"page": page}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(path, 301)]


@pytest.mark.parametrize("value", [*UNICODE_DIGITS, TOO_LARGE])
def test_evidence_search_ignores_an_evidence_id_that_is_not_one(editor_client, article, value):
    response = editor_client.get(
        note_url(article, 2), {"q": "number", "evidence": [value, "1"]}, **HTMX
    )
    assert response.status_code == 200
    assert "Sentence number 3" in response.content.decode()


@pytest.mark.parametrize("value", [*UNICODE_DIGITS, TOO_LARGE])
def test_a_save_citing_an_evidence_id_that_is_not_one_is_a_form_error(
    editor_client, article, value
):
    response = editor_client.post(
        note_url(article, 2),
        {"credibility": "3", "body": "Kept.", "status": "draft", "base_version": "0",
         "evidence": value},
    )  # fmt: skip
    assert response.status_code == 422
    assert "An evidence link is not a sentence." in response.content.decode()
    assert not Note.objects.exists()


def test_a_nul_in_the_evidence_search_is_harmless(editor_client, article):
    as_you_type = editor_client.get(note_url(article, 2), {"q": "num\x00ber"}, **HTMX)
    assert as_you_type.status_code == 200
    button = editor_client.post(
        note_url(article, 2),
        {"credibility": "3", "body": "Kept.", "status": "draft", "base_version": "0",
         "q": "\x00number\x00", "action": "search"},
    )  # fmt: skip
    assert button.status_code == 200
    assert "Kept." in button.content.decode()


def test_a_new_claimant_named_as_an_existing_one_reuses_it(article):
    editor = UserFactory(username="amina")
    first, second = article.sentences.filter(kind="body")[:2]
    make_note(first, editor=editor, claimant="Taliban spokesman")
    make_note(second, editor=editor, claimant="taliban  SPOKESMAN")
    assert Claimant.objects.filter(name__iexact="taliban spokesman").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes the write lock up front (IMMEDIATE): its saves never interleave",
)
@pytest.mark.django_db(transaction=True)
def test_two_editors_adding_the_same_new_claimant_at_once_both_save():
    """Check-then-insert races on PostgreSQL; the loser of the insert uses the winner's row."""
    editor = UserFactory(username="racer")
    article = make_article(21, slug="race")
    sentences = list(article.sentences.filter(kind="body").order_by("position"))
    failures: list[BaseException] = []

    def save(sentence, name: str, barrier: threading.Barrier) -> None:
        try:
            barrier.wait()
            make_note(sentence, editor=editor, claimant=name)
        except BaseException as error:  # noqa: BLE001 - the test reports what went wrong
            failures.append(error)
        finally:
            connections.close_all()

    for round_number in range(10):
        barrier = threading.Barrier(2)
        pair = sentences[2 * round_number : 2 * round_number + 2]
        name = f"Spokesman of round {round_number}"
        threads = [threading.Thread(target=save, args=(s, name, barrier)) for s in pair]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    assert Note.objects.count() == 20
    assert Claimant.objects.filter(name__startswith="Spokesman of round").count() == 10
