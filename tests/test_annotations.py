"""Published notes as W3C Web Annotations, checked against the W3C test suite's "must"
assertions with ../shared/w3c-annotation-schemas/validate.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Sentence
from notes import annotations
from notes.models import Status
from notes.services import EvidenceLink
from tests.factories import OutletFactory, UserFactory, make_article, make_note

pytestmark = pytest.mark.django_db

PROFILE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


@pytest.fixture
def article():
    return make_article(6, outlet=OutletFactory(name="SouthFront", reliability="F"))


@pytest.fixture
def published(article):
    author = UserFactory(username="amina", first_name="Amina", last_name="Rahimi")
    cited = article.sentences.get(position=5)
    return make_note(
        article.sentences.get(position=3),
        editor=author,
        credibility=4,
        claimant="Taliban spokesman Zabihullah Mujahid",
        body="Only *his* word; see [AFP](https://example.org/afp).",
        evidence=[EvidenceLink(cited, "contradicts")],
    )


def validate(shared_dir, tmp_path, document: bytes) -> subprocess.CompletedProcess:
    path = tmp_path / "export.jsonld"
    path.write_bytes(document)
    return subprocess.run(
        [sys.executable, str(shared_dir / "w3c-annotation-schemas" / "validate.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_note_is_served_as_a_web_annotation_with_the_anno_profile(client, published):
    response = client.get("/articles/a-test-article/s/3/note.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == PROFILE


def test_annotation_carries_motivation_bodies_creator_and_times(client, published):
    data = json.loads(client.get("/articles/a-test-article/s/3/note.jsonld").content)
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["id"] == "http://testserver/articles/a-test-article/s/3/note.jsonld"
    assert (data["type"], data["motivation"]) == ("Annotation", "assessing")
    assert data["creator"] == {"type": "Person", "name": "Amina Rahimi"}
    assert data["created"].endswith("Z") and data["modified"].endswith("Z")
    note, grade, claimant, link = data["body"]
    assert note == {
        "type": "TextualBody",
        "purpose": "assessing",
        "value": published.body_html,
        "format": "text/html",
        "language": "en",
    }
    assert grade == {
        "type": "TextualBody",
        "purpose": "tagging",
        "value": "F4",
        "gradeAbout": "claim",
    }
    assert claimant["purpose"] == "identifying"
    assert claimant["value"] == "Taliban spokesman Zabihullah Mujahid"
    assert link == {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": "http://testserver"
        + Sentence.objects.get(article__slug="a-test-article", position=5).get_absolute_url(),
        "relation": "contradicts",
    }


def test_the_export_says_what_a_grade_is_about_and_carries_repeats(client, article):
    """A grade about the statement, and a repeat link, reach the W3C export as such."""
    make_note(
        article.sentences.get(position=2),
        credibility=1,
        grade_about="statement",
        claimant="Zabihullah Mujahid, Taliban spokesman",
        evidence=[EvidenceLink(article.sentences.get(position=4), "repeats")],
    )
    data = json.loads(client.get("/articles/a-test-article/s/2/note.jsonld").content)
    grade = next(body for body in data["body"] if body["purpose"] == "tagging")
    link = next(body for body in data["body"] if body["purpose"] == "linking")
    assert grade["gradeAbout"] == "statement"
    assert link["relation"] == "repeats"
    terms = data["@context"][1]
    assert {"relation", "gradeAbout", "repeats", "statement"} <= set(terms)


def test_annotation_targets_the_sentence_span_of_the_source_record(client, published, article):
    sentence = article.sentences.get(position=3)
    target = json.loads(client.get("/articles/a-test-article/s/3/note.jsonld").content)["target"]
    assert target["type"] == "SpecificResource"
    assert target["source"] == "http://testserver/articles/a-test-article/source/"
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector"
    assert quote["exact"] == sentence.text == article.text[position["start"] : position["end"]]
    assert article.text[: sentence.start].endswith(quote["prefix"])
    assert article.text[sentence.end :].startswith(quote["suffix"])
    assert position == {
        "type": "TextPositionSelector",
        "start": sentence.start,
        "end": sentence.end,
    }


def test_first_sentence_quote_has_no_empty_prefix(client, article):
    make_note(article.sentences.get(position=1))
    target = json.loads(client.get("/articles/a-test-article/s/1/note.jsonld").content)["target"]
    assert "prefix" not in target["selector"][0]


def test_a_starter_note_is_created_by_the_newsroom(client, article):
    make_note(article.sentences.get(position=2), editor=None)
    data = json.loads(client.get("/articles/a-test-article/s/2/note.jsonld").content)
    assert data["creator"] == {"type": "Organization", "name": "The Reading Room"}


def test_a_draft_or_missing_note_has_no_annotation(client, editor_client, article):
    make_note(article.sentences.get(position=2), status=Status.DRAFT)
    assert client.get("/articles/a-test-article/s/2/note.jsonld").status_code == 404
    assert editor_client.get("/articles/a-test-article/s/2/note.jsonld").status_code == 404
    assert client.get("/articles/a-test-article/s/4/note.jsonld").status_code == 404


def test_collection_counts_published_notes_and_embeds_the_first_page(client, article):
    for position in (2, 3, 4):
        make_note(article.sentences.get(position=position))
    make_note(article.sentences.get(position=5), status=Status.DRAFT)
    response = client.get("/annotations.jsonld")
    data = json.loads(response.content)
    assert response["Content-Type"] == PROFILE
    assert (data["type"], data["total"]) == ("AnnotationCollection", 3)
    assert data["first"]["type"] == "AnnotationPage"
    assert len(data["first"]["items"]) == 3
    assert data["last"] == "http://testserver/annotations.jsonld?page=1"


def test_an_empty_collection_has_no_pages(client, db):
    data = json.loads(client.get("/annotations.jsonld").content)
    assert data["total"] == 0 and "first" not in data and "last" not in data


def test_collection_pages_link_to_each_other(client, monkeypatch, article):
    monkeypatch.setattr(annotations, "PAGE_SIZE", 2)
    for position in range(1, 6):
        make_note(article.sentences.get(position=position))
    collection = json.loads(client.get("/annotations.jsonld").content)
    assert collection["last"] == "http://testserver/annotations.jsonld?page=3"
    assert collection["first"]["next"] == "http://testserver/annotations.jsonld?page=2"
    middle = json.loads(client.get("/annotations.jsonld?page=2").content)
    assert middle["type"] == "AnnotationPage"
    assert middle["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert middle["partOf"] == {"id": "http://testserver/annotations.jsonld", "total": 5}
    assert middle["startIndex"] == 2
    assert middle["prev"].endswith("?page=1") and middle["next"].endswith("?page=3")
    last = json.loads(client.get("/annotations.jsonld?page=3").content)
    assert len(last["items"]) == 1 and "next" not in last


@pytest.mark.parametrize("page", ["0", "4", "x", "-1", "1.5"])
def test_a_page_out_of_range_is_a_404_not_a_500(client, monkeypatch, article, page):
    monkeypatch.setattr(annotations, "PAGE_SIZE", 2)
    for position in range(1, 6):
        make_note(article.sentences.get(position=position))
    assert client.get(f"/annotations.jsonld?page={page}").status_code == 404


def test_collection_queries_do_not_grow_with_notes(client):
    counts = []
    for size in (3, 60):
        article = make_article(size, headline=f"Article of {size}")
        for sentence in article.sentences.all():
            make_note(sentence, claimant="The outlet itself")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/annotations.jsonld").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_orphaned_note_leaves_the_collection(client, published, article):
    article.sentences.get(position=3).delete()
    assert json.loads(client.get("/annotations.jsonld").content)["total"] == 0


# --- the W3C test suite's must-assertions ------------------------------------------------------


def test_one_note_passes_every_w3c_must_assertion(client, published, shared_dir, tmp_path):
    result = validate(
        shared_dir, tmp_path, client.get("/articles/a-test-article/s/3/note.jsonld").content
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 annotations" in result.stdout and " 0 failed" in result.stdout


def test_the_collection_passes_every_w3c_must_assertion(
    client, published, article, shared_dir, tmp_path
):
    make_note(article.sentences.get(position=1), editor=None, body="")
    make_note(article.sentences.get(position=6), credibility=6, claimant="NRF spokesman")
    result = validate(shared_dir, tmp_path, client.get("/annotations.jsonld").content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 annotations" in result.stdout and " 0 failed" in result.stdout


def test_a_collection_page_passes_every_w3c_must_assertion(
    client, monkeypatch, article, shared_dir, tmp_path
):
    monkeypatch.setattr(annotations, "PAGE_SIZE", 2)
    for position in range(1, 6):
        make_note(article.sentences.get(position=position))
    result = validate(shared_dir, tmp_path, client.get("/annotations.jsonld?page=2").content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 annotations" in result.stdout


def test_the_validator_rejects_a_broken_annotation(client, published, shared_dir, tmp_path):
    """The check is real: drop the target and the W3C assertions fail."""
    data = json.loads(client.get("/articles/a-test-article/s/3/note.jsonld").content)
    del data["target"]
    result = validate(shared_dir, tmp_path, json.dumps(data).encode())
    assert result.returncode == 1
    assert "FAIL" in result.stdout


def test_every_starter_note_passes_every_w3c_must_assertion(client, shared_dir, tmp_path):
    from desk.starter import starter_content_load

    report = starter_content_load()
    response = client.get("/annotations.jsonld")
    assert json.loads(response.content)["total"] == report.notes_stored
    result = validate(shared_dir, tmp_path, response.content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{report.notes_stored} annotations" in result.stdout
