"""What a grade is about, shown beside the sentence, and the note form's independence warnings
before saving — through Django's real HTTP stack."""

from __future__ import annotations

import re

import pytest

from notes.models import Evidence, Note, NoteRevision
from tests.factories import OutletFactory, make_article, make_note

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def guardian():
    return make_article(5, headline="Guardian copy", outlet=OutletFactory(name="Guardian"))


@pytest.fixture
def herald():
    return make_article(5, headline="Herald report", outlet=OutletFactory(name="Herald"))


def note_url(article, position: int) -> str:
    return f"/articles/{article.slug}/s/{position}/note/"


def form_data(**overrides) -> dict:
    data = {
        "credibility": "2",
        "grade_about": "claim",
        "claimant": "",
        "new_claimant": "",
        "body": "Graded: the claim.",
        "status": "published",
        "base_version": "0",
    }
    data.update(overrides)
    return data


def with_link(data: dict, sentence, relation: str) -> dict:
    return {**data, "evidence": [str(sentence.pk)], f"relation-{sentence.pk}": relation}


def test_a_grade_about_the_statement_says_so_beside_the_sentence(client, guardian):
    make_note(
        guardian.sentences.get(position=2),
        credibility=1,
        grade_about="statement",
        claimant="Zabihullah Mujahid, Taliban spokesman",
    )
    html = client.get(guardian.get_absolute_url()).content.decode()
    assert 'C1</span><span class="grade__label"> · Confirmed by other sources: that ' in html
    assert "that Zabihullah Mujahid said it" in html


def test_a_grade_about_the_claim_shows_the_plain_label(client, guardian):
    make_note(guardian.sentences.get(position=2), credibility=2)
    html = client.get(guardian.get_absolute_url()).content.decode()
    assert '<span class="grade__label"> · Probably true</span>' in html
    assert "said it" not in html


def test_the_form_saves_what_the_grade_is_about_in_the_note_and_its_revision(
    editor_client, guardian
):
    editor_client.post(note_url(guardian, 2), form_data(grade_about="statement"))
    note = Note.objects.get()
    assert note.grade_about == "statement"
    assert NoteRevision.objects.get().grade_about == "statement"


def test_the_form_offers_repeats_beside_corroborates_and_contradicts(editor_client, guardian):
    html = editor_client.get(note_url(guardian, 2) + "?q=Sentence+number").content.decode()
    assert '<option value="repeats"' in html
    assert 'name="grade_about"' in html


def test_grade_1_without_independent_corroboration_is_shown_before_saving(editor_client, guardian):
    response = editor_client.post(note_url(guardian, 2), form_data(credibility="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "not saved yet" in html and "without one the best grade is 2" in html
    assert not Note.objects.exists()
    # The editor's text is still in the form.
    assert "Graded: the claim." in html


def test_saving_again_after_the_warning_saves_and_keeps_the_warning_on_the_form(
    editor_client, guardian
):
    first = editor_client.post(note_url(guardian, 2), form_data(credibility="1"))
    digest = re.search(r'name="warnings_seen" value="([0-9a-f]+)"', first.content.decode())
    response = editor_client.post(
        note_url(guardian, 2), form_data(credibility="1", warnings_seen=digest.group(1))
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.credibility == 1
    reopened = editor_client.get(note_url(guardian, 2)).content.decode()
    assert "without one the best grade is 2" in reopened


def test_a_new_warning_is_shown_even_after_an_earlier_one_was_seen(editor_client, guardian):
    first = editor_client.post(note_url(guardian, 2), form_data(credibility="1"))
    digest = re.search(r'name="warnings_seen" value="([0-9a-f]+)"', first.content.decode())
    same_outlet = guardian.sentences.get(position=3)
    data = with_link(
        form_data(credibility="1", warnings_seen=digest.group(1)), same_outlet, "corroborates"
    )
    response = editor_client.post(note_url(guardian, 2), data)
    assert response.status_code == 200
    assert "not independent (both are in the same article)" in response.content.decode()
    assert not Note.objects.exists()


def test_corroborates_between_one_outlets_sentences_is_a_warning(editor_client, guardian):
    response = editor_client.post(
        note_url(guardian, 2),
        with_link(form_data(), guardian.sentences.get(position=4), "corroborates"),
        **HTMX,
    )
    html = response.content.decode()
    assert "link it as “repeats”" in html
    assert response.headers["HX-Retarget"] == "#note-form-2"
    assert not Evidence.objects.exists()


def test_independent_corroboration_saves_without_a_warning(editor_client, guardian, herald):
    response = editor_client.post(
        note_url(guardian, 2),
        with_link(form_data(credibility="1"), herald.sentences.get(position=3), "corroborates"),
    )
    assert response.status_code == 302
    assert Note.objects.get().credibility == 1


def test_a_repeat_is_never_counted_as_corroboration(editor_client, guardian, herald):
    response = editor_client.post(
        note_url(guardian, 2),
        with_link(form_data(credibility="1"), herald.sentences.get(position=3), "repeats"),
    )
    assert response.status_code == 200
    assert "without one the best grade is 2" in response.content.decode()


def test_the_same_claimant_in_another_outlet_is_not_independent(editor_client, guardian, herald):
    cited = herald.sentences.get(position=3)
    make_note(cited, claimant="Zabihullah Mujahid")
    response = editor_client.post(
        note_url(guardian, 2),
        with_link(
            form_data(credibility="1", new_claimant="Zabihullah Mujahid"), cited, "corroborates"
        ),
    )
    assert "both notes name the same claimant" in response.content.decode()
