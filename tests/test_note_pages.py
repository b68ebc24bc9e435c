"""Editors annotate in the article page (htmx) or on the note page (no JavaScript); readers
see published notes only. Through Django's real HTTP stack."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Sentence
from articles.services import quote_anchor_for
from notes.models import Claimant, Evidence, Note, Status
from notes.services import EvidenceLink
from tests.factories import OutletFactory, UserFactory, make_article, make_note

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def article():
    return make_article(6, outlet=OutletFactory(name="SouthFront", reliability="F"))


def note_url(article, position: int) -> str:
    return f"/articles/{article.slug}/s/{position}/note/"


def form_data(**overrides) -> dict:
    data = {
        "credibility": "4",
        "claimant": "",
        "new_claimant": "",
        "body": "Only the spokesman says so.",
        "status": Status.PUBLISHED,
        "base_version": "0",
    }
    data.update(overrides)
    return data


def editor_client_for(username: str) -> Client:
    from django.contrib.auth.models import Group

    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


# --- the inline form (htmx) ------------------------------------------------------------------


def test_article_page_makes_sentences_focusable_buttons_for_editors(editor_client, article):
    html = editor_client.get(article.get_absolute_url()).content.decode()
    trigger = re.search(r'<span class="sentence__text"[^>]*data-note-url="[^"]*/s/3/note/"', html)
    assert trigger and 'tabindex="0"' in trigger.group(0) and 'role="button"' in trigger.group(0)
    assert 'id="annotate-help"' in html


def test_article_page_offers_readers_no_editing(client, reader, article):
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "data-note-url" not in html and 'tabindex="0"' not in html
    assert "sentence__edit" not in html


def test_htmx_get_returns_only_the_form_for_the_sentence(editor_client, article):
    response = editor_client.get(note_url(article, 3), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form class="note-form')
    assert 'hx-post="/articles/a-test-article/s/3/note/"' in html
    assert 'hx-target="#s3"' in html and "<html" not in html


def test_htmx_save_swaps_in_the_sentence_with_its_badge(editor_client, article):
    response = editor_client.post(note_url(article, 3), form_data(credibility="4"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<span class="sentence sentence--body" id="s3"')
    assert '<span class="grade__code">F4</span>' in html
    assert "Only the spokesman says so." in html
    assert response["HX-Trigger-After-Settle"] == ('{"noteSaved": {"position": 3, "next": false}}')


def test_save_then_next_tells_the_page_to_open_the_next_sentence(editor_client, article):
    response = editor_client.post(note_url(article, 3), form_data(then="next"), **HTMX)
    assert '"next": true' in response["HX-Trigger-After-Settle"]


def test_htmx_invalid_save_answers_422_with_the_form_in_place(editor_client, article):
    response = editor_client.post(
        note_url(article, 3), form_data(credibility="", body="Keep this text."), **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#note-form-3" and response["HX-Reswap"] == "outerHTML"
    assert "Keep this text." in html
    assert "Choose how credible the information is" in html
    assert not Note.objects.exists()


# --- the full page, no JavaScript ---------------------------------------------------------------


def test_note_page_works_without_javascript_post_then_redirect(editor_client, article):
    page = editor_client.get(note_url(article, 3))
    assert page.status_code == 200
    assert 'action="/articles/a-test-article/s/3/note/"' in page.content.decode()
    assert "hx-post" not in page.content.decode()
    response = editor_client.post(note_url(article, 3), form_data())
    assert response.status_code == 302
    assert response["Location"] == "/articles/a-test-article/#s3"
    assert Note.objects.get().body == "Only the spokesman says so."


def test_save_then_next_without_javascript_goes_to_the_next_sentences_note(editor_client, article):
    response = editor_client.post(note_url(article, 3), form_data(then="next"))
    assert response["Location"] == note_url(article, 4)


def test_note_page_shows_the_revision_history(editor_client, editor, article):
    sentence = article.sentences.get(position=3)
    make_note(sentence, editor=editor, body="First thoughts.")
    make_note(sentence, editor=editor, body="Second thoughts.", base_version=1)
    html = editor_client.get(note_url(article, 3)).content.decode()
    assert "History" in html
    assert "Version 2" in html and "Version 1" in html and "First thoughts." in html


def test_search_button_without_javascript_keeps_everything_typed(editor_client, article):
    response = editor_client.post(
        note_url(article, 3),
        form_data(body="Half-written note.", q="number 4", action="search"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Half-written note." in html
    assert "Sentence number 4 reports" in html
    assert not Note.objects.exists()


def test_a_new_claimant_typed_in_the_form_joins_the_list(editor_client, article):
    editor_client.post(note_url(article, 3), form_data(new_claimant="NRF spokesman Fahim Dashty"))
    assert Note.objects.get().claimant == Claimant.objects.get(name="NRF spokesman Fahim Dashty")


def test_choosing_a_claimant_and_typing_a_new_one_is_a_form_error(editor_client, article):
    chosen = Claimant.objects.create(name="Zabihullah Mujahid")
    response = editor_client.post(
        note_url(article, 3), form_data(claimant=str(chosen.pk), new_claimant="Someone else")
    )
    assert response.status_code == 422
    assert "not both" in response.content.decode()


# --- evidence ------------------------------------------------------------------------------------


def test_search_as_you_type_finds_sentences_in_every_article(editor_client, article):
    other = make_article(3, headline="Another outlet's piece")
    response = editor_client.get(note_url(article, 3) + "?q=number+2", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<li class="evidence-row">')
    found = {int(v) for v in re.findall(r'name="evidence" value="(\d+)"', html)}
    expected = set(
        Sentence.objects.filter(text__contains="number 2").values_list("pk", flat=True)
    ) - {article.sentences.get(position=3).pk}
    assert found == expected
    assert other.sentences.filter(pk__in=found).exists()


def test_search_leaves_out_sentences_already_cited(editor_client, article):
    cited = article.sentences.get(position=4)
    response = editor_client.get(note_url(article, 3) + f"?q=reports&evidence={cited.pk}", **HTMX)
    assert f'value="{cited.pk}"' not in response.content.decode()


def test_ticked_evidence_is_saved_with_its_relation(editor_client, article):
    corroborating, contradicting = article.sentences.filter(position__in=[4, 5])
    editor_client.post(
        note_url(article, 3),
        {
            **form_data(),
            "evidence": [str(corroborating.pk), str(contradicting.pk)],
            f"relation-{corroborating.pk}": "corroborates",
            f"relation-{contradicting.pk}": "contradicts",
        },
    )
    links = Evidence.objects.order_by("sentence__position")
    assert [(e.sentence.position, e.relation) for e in links] == [
        (4, "corroborates"),
        (5, "contradicts"),
    ]


def test_unknown_evidence_sentence_is_a_form_error_not_a_500(editor_client, article):
    response = editor_client.post(note_url(article, 3), {**form_data(), "evidence": "999999"})
    assert response.status_code == 422
    assert not Note.objects.exists()


# --- two editors, one note ----------------------------------------------------------------------


def test_stale_save_is_refused_and_both_versions_kept(article):
    first, second = editor_client_for("amina"), editor_client_for("bashir")
    make_note(article.sentences.get(position=3), body="The starting note.")
    assert 'name="base_version" value="1"' in first.get(note_url(article, 3)).content.decode()
    second.get(note_url(article, 3))  # both open version 1

    saved = first.post(note_url(article, 3), form_data(base_version="1", body="Text by Amina."))
    assert saved.status_code == 302
    refused = second.post(
        note_url(article, 3), form_data(base_version="1", body="Text by Bashir.", credibility="2")
    )
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Your version (not saved)" in html and "The current version (version 2" in html
    assert "Text by Amina." in html  # the current version, beside …
    assert html.count("Text by Bashir.") == 2  # … the refused one, and it is still in the form
    assert 'name="base_version" value="2"' in html
    note = Note.objects.get()
    assert (note.version, note.body) == (2, "Text by Amina.")


def test_after_a_conflict_saving_again_replaces_the_current_version(article):
    first, second = editor_client_for("amina"), editor_client_for("bashir")
    make_note(article.sentences.get(position=3), body="The starting note.")
    first.post(note_url(article, 3), form_data(base_version="1", body="Text by Amina."))
    second.post(note_url(article, 3), form_data(base_version="1", body="Text by Bashir."))
    again = second.post(note_url(article, 3), form_data(base_version="2", body="Text by Bashir."))
    assert again.status_code == 302
    note = Note.objects.get()
    assert (note.version, note.body) == (3, "Text by Bashir.")
    assert [r.body for r in note.revisions.order_by("version")] == [
        "The starting note.",
        "Text by Amina.",
        "Text by Bashir.",
    ]


def test_htmx_conflict_replaces_the_form_with_both_versions(article):
    first, second = editor_client_for("amina"), editor_client_for("bashir")
    make_note(article.sentences.get(position=3), body="Start.")
    first.post(note_url(article, 3), form_data(base_version="1", body="Text by Amina."), **HTMX)
    refused = second.post(
        note_url(article, 3), form_data(base_version="1", body="Text by Bashir."), **HTMX
    )
    assert refused.status_code == 409
    assert refused["HX-Retarget"] == "#note-form-3"
    html = refused.content.decode()
    assert html.lstrip().startswith('<form class="note-form')
    assert "Text by Amina." in html and "Text by Bashir." in html
    assert 'data-dirty="1"' in html  # unsaved: leaving the page will warn


# --- readers --------------------------------------------------------------------------------------


def test_reader_sees_a_published_note_as_badge_and_disclosure(client, article):
    make_note(article.sentences.get(position=3), credibility=4, body="Doubtful claim.")
    html = client.get(article.get_absolute_url()).content.decode()
    unit = re.search(r'<span class="sentence sentence--body" id="s3".*?</details>', html, re.S)
    assert unit, "sentence 3 has no note disclosure"
    assert '<details class="note-disclosure"><summary>' in unit.group(0)
    assert '<span class="grade__code">F4</span>' in unit.group(0)
    assert 'aria-hidden="true">?</span>' in unit.group(0)  # an icon, not colour alone
    assert "Doubtful claim." in unit.group(0)


def test_sentence_permalink_shows_the_note_in_full_with_evidence_quoted(client, article):
    cited = article.sentences.get(position=5)
    make_note(cited, credibility=1, body="Confirmed elsewhere.")
    make_note(
        article.sentences.get(position=3),
        credibility=5,
        claimant="Taliban spokesman Zabihullah Mujahid",
        body="Contradicted by sentence 5.",
        evidence=[EvidenceLink(cited, "contradicts")],
    )
    html = client.get(f"/articles/{article.slug}/s/3/").content.decode()
    section = html[html.index('class="note-full"') :]
    assert "Contradicted by sentence 5." in section
    assert "Taliban spokesman Zabihullah Mujahid" in section
    assert f"“{cited.text}”" in section and f'href="{cited.get_absolute_url()}"' in section
    assert "SouthFront" in section
    assert '<span class="grade__code">F1</span>' in section  # the cited sentence's own badge


DRAFT = "Unpublished doubts about this sentence."


@pytest.fixture
def draft_note(article, editor):
    return make_note(
        article.sentences.get(position=3), editor=editor, status=Status.DRAFT, body=DRAFT
    )


@pytest.mark.parametrize("who", ["anonymous", "reader"])
@pytest.mark.parametrize(
    "path,headers",
    [
        ("/articles/a-test-article/", {}),
        ("/articles/a-test-article/", HTMX),
        ("/articles/a-test-article/?as=captured", {}),
        ("/articles/a-test-article/s/3/", {}),
        ("/articles/a-test-article/s/3/note/", HTMX),
        ("/articles/a-test-article/s/3/note.jsonld", {}),
        ("/annotations.jsonld", {}),
    ],
)
def test_drafts_never_reach_readers(client, reader, draft_note, who, path, headers):
    if who == "reader":
        client.force_login(reader)
    html = client.get(path, **headers).content.decode()
    assert DRAFT not in html
    assert "grade--draft" not in html


def test_editors_see_drafts_marked_as_drafts(editor_client, draft_note, article):
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert DRAFT in html
    assert "grade--draft" in html and "(draft)" in html


def test_a_draft_cited_as_evidence_shows_no_badge_to_readers(client, article):
    cited = article.sentences.get(position=5)
    make_note(cited, status=Status.DRAFT, credibility=1)
    make_note(article.sentences.get(position=3), evidence=[EvidenceLink(cited)])
    section = client.get(f"/articles/{article.slug}/s/3/").content.decode()
    assert "F1" not in section


# --- the query budget ---------------------------------------------------------------------------


def _annotate_every_sentence(article) -> None:
    """A published note with claimant and one evidence link on every sentence, in bulk."""
    claimant, _ = Claimant.objects.get_or_create(name="Zabihullah Mujahid")
    sentences = list(article.sentences.order_by("position"))
    for sentence in sentences:
        sentence.article = article
    notes = Note.objects.bulk_create(
        Note(
            sentence=sentence,
            credibility=(sentence.position % 6) + 1,
            claimant=claimant,
            body="A note.",
            body_html="<p>A note.</p>",
            status=Status.PUBLISHED,
            **quote_anchor_for(sentence),
        )
        for sentence in sentences
    )
    Evidence.objects.bulk_create(
        Evidence(
            note=note,
            sentence=sentences[i - 1],
            relation="corroborates",
            **quote_anchor_for(sentences[i - 1]),
        )
        for i, note in enumerate(notes)
    )


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_article_page_queries_do_not_grow_with_notes(client, editor, who):
    if who == "editor":
        client.force_login(editor)
    small, large = make_article(5, headline="Small"), make_article(2000, headline="Large")
    _annotate_every_sentence(small)
    _annotate_every_sentence(large)
    counts = {}
    for article in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        counts[article.headline] = len(queries)
    assert response.content.decode().count('class="note-disclosure"') == 2001
    assert counts["Large"] == counts["Small"], counts
