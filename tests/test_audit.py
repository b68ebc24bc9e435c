"""The audit trail: every write by an editor or the desk, who, when, what and from where,
in the write's own transaction, one insert each; read (never edited) in the admin."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.services import sentence_merge
from audit.models import Action, AuditEntry
from notes.models import Status
from tests.factories import OutletFactory, UserFactory, make_article, make_note
from timeline.models import Event

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (newsroom test)", "REMOTE_ADDR": "203.0.113.7"}


def note_form(**overrides) -> dict:
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


def note_url(article, position: int) -> str:
    return f"/articles/{article.slug}/s/{position}/note/"


def audit_inserts(queries: CaptureQueriesContext) -> int:
    return sum(
        1 for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditentry"')
    )


def test_a_published_note_is_recorded_with_who_when_what_and_from_where(editor_client, editor):
    article = make_article(3)
    before = dt.datetime.now(dt.UTC)
    response = editor_client.post(note_url(article, 2), note_form(), **BROWSER)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.NOTE_PUBLISH)
    note = article.sentences.get(position=2).note
    assert entry.actor == editor and entry.actor_name == "editor-one"
    assert entry.at >= before
    assert (entry.object_id, entry.object_repr) == (str(note.pk), str(note))
    assert "Version 1" in entry.summary and "credibility 4" in entry.summary
    assert entry.ip == "203.0.113.7"
    assert entry.user_agent == "Mozilla/5.0 (newsroom test)"
    assert entry.origin == f"POST {note_url(article, 2)}"


def test_saving_a_note_inserts_exactly_one_audit_entry(editor_client):
    article = make_article(3)
    editor_client.post(note_url(article, 1), note_form())  # warm caches (content types)
    with CaptureQueriesContext(connection) as queries:
        editor_client.post(note_url(article, 2), note_form())
    assert audit_inserts(queries) == 1


def test_publishing_unpublishing_and_a_plain_save_are_told_apart(editor_client):
    article = make_article(2)
    editor_client.post(note_url(article, 2), note_form())
    editor_client.post(note_url(article, 2), note_form(status=Status.DRAFT, base_version="1"))
    editor_client.post(note_url(article, 2), note_form(status=Status.DRAFT, base_version="2"))
    notes = AuditEntry.objects.filter(object_repr__startswith="Note").order_by("pk")
    assert list(notes.values_list("action", flat=True)) == [
        Action.NOTE_PUBLISH,
        Action.NOTE_UNPUBLISH,
        Action.NOTE_SAVE,
    ]


def test_a_refused_stale_save_leaves_no_entry(editor_client):
    article = make_article(2)
    editor_client.post(note_url(article, 2), note_form())
    count = AuditEntry.objects.count()
    response = editor_client.post(note_url(article, 2), note_form(base_version="0", body="x"))
    assert response.status_code == 409 or b"someone else" in response.content
    assert AuditEntry.objects.count() == count


def test_the_entry_rolls_back_with_its_write():
    article = make_article(2)
    sentence = article.sentences.get(position=2)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_note(sentence)
        assert AuditEntry.objects.filter(action=Action.NOTE_PUBLISH).exists()
        raise RuntimeError("the write fails after the note is saved")
    assert not AuditEntry.objects.filter(action=Action.NOTE_PUBLISH).exists()


def test_sign_in_and_failed_sign_in_are_recorded_without_the_password(client):
    UserFactory(username="desk-two")
    client.post(
        "/accounts/login/", {"username": "desk-two", "password": "wrong-password"}, **BROWSER
    )
    client.post(
        "/accounts/login/", {"username": "desk-two", "password": "a-long-test-password"}, **BROWSER
    )
    failed = AuditEntry.objects.get(action=Action.SIGN_IN_FAILED)
    assert "desk-two" in failed.summary and "wrong-password" not in failed.summary
    assert failed.ip == "203.0.113.7" and failed.actor is None
    signed_in = AuditEntry.objects.get(action=Action.SIGN_IN)
    assert signed_in.actor_name == "desk-two" and signed_in.ip == "203.0.113.7"


def test_desk_corrections_merges_splits_and_kinds_are_recorded(desk_client, desk):
    article = make_article(3, headline="To correct")
    corrected = article.text.replace("Sentence number 1 reports", "Sentence number one reports")
    desk_client.post(
        f"/admin/articles/article/{article.pk}/correct/",
        {"text": corrected, "reason": "Typo in the print edition"},
    )
    second = article.sentences.get(position=2)
    desk_client.post(f"/admin/articles/sentence/{second.pk}/merge/")
    third = article.sentences.get(position=3)
    desk_client.post(
        f"/admin/articles/sentence/{third.pk}/split/",
        {"marked": third.text.replace(" reports", " |reports")},
    )
    desk_client.post(
        "/admin/articles/sentence/", {"action": "mark_chrome", "_selected_action": [third.pk]}
    )
    entries = {entry.action: entry for entry in AuditEntry.objects.filter(actor=desk)}
    assert "Typo in the print edition" in entries[Action.ARTICLE_CORRECT].summary
    assert "merged" in entries[Action.SENTENCE_MERGE].summary
    assert "split" in entries[Action.SENTENCE_SPLIT].summary
    assert "marked as page chrome: to-correct #3" in entries[Action.SENTENCE_KIND].summary


def test_an_outlets_grade_change_in_the_admin_says_the_new_grade(desk_client, desk):
    outlet = OutletFactory(name="Tolo News", reliability="C")
    response = desk_client.post(
        f"/admin/articles/outlet/{outlet.pk}/change/",
        {"name": outlet.name, "slug": outlet.slug, "reliability": "B", "description": ""},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.RECORD_CHANGE, object_id=str(outlet.pk))
    assert entry.actor == desk
    assert entry.summary.endswith("Now source reliability: B (Usually reliable).")
    assert entry.summary.count("Changed") == 1


def test_role_changes_are_recorded_with_the_group(desk):
    editors = Group.objects.get(name="Editors")
    desk.groups.add(editors)
    desk.groups.remove(editors)
    entry = AuditEntry.objects.get(action=Action.ROLE_CHANGE, object_id=str(desk.pk))
    assert "Added to Editors" in entry.summary and "Removed from Editors" in entry.summary
    assert entry.origin.startswith("command line")


def test_an_event_made_from_a_sentence_is_one_entry(editor_client, editor):
    article = make_article(2)
    sentence = article.sentences.get(position=2)
    editor_client.post(
        f"/articles/{article.slug}/s/2/event/",
        {
            "intent": "new",
            "new-title": "Fighting near the valley",
            "new-date": "2021-08-23",
            "new-date_precision": "day",
            "new-role": "claims",
            "new-place": "Panjshir",
            "new-summary": "",
        },
    )
    event = Event.objects.get()
    entry = AuditEntry.objects.get(action=Action.EVENT_CHANGE)
    assert entry.object_id == str(event.pk) and entry.actor == editor
    assert str(sentence) in entry.summary  # the evidence link, in the same entry


def test_an_import_from_the_command_line_says_so():
    article = make_article(2, headline="From the wire")
    entry = AuditEntry.objects.get(action=Action.ARTICLE_IMPORT)
    assert entry.object_id == str(article.pk) and "From the wire" in entry.summary
    assert entry.origin.startswith("command line") and entry.actor is None


def test_staff_read_the_trail_and_nobody_can_change_it(admin_client, editor_client):
    article = make_article(2)
    sentence_merge(sentence=article.sentences.get(position=1))
    entry = AuditEntry.objects.get(action=Action.SENTENCE_MERGE)
    assert editor_client.get("/admin/audit/auditentry/").status_code == 200
    for client in (admin_client, editor_client):
        assert client.get("/admin/audit/auditentry/add/").status_code == 403
        assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
        page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/").content.decode()
        assert "Save" not in page and entry.summary in page
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "query",
    [
        "action__exact=sentence.merge",
        "actor__id__exact={desk}",
        "at__gte={today}&at__lt={tomorrow}",  # the admin's "Today" date filter
        "q=merged",
    ],
)
def test_the_trail_filters_by_action_person_date_and_text(desk_client, desk, query):
    article = make_article(2)
    url = f"/admin/articles/sentence/{article.sentences.get(position=1).pk}/merge/"
    desk_client.post(url)
    AuditEntry.objects.exclude(action=Action.SENTENCE_MERGE).update(
        at=dt.datetime(2021, 8, 23, tzinfo=dt.UTC)
    )
    today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    query = query.format(
        desk=desk.pk, today=quote(str(today)), tomorrow=quote(str(today + dt.timedelta(days=1)))
    )
    response = desk_client.get("/admin/audit/auditentry/?" + query)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(
        AuditEntry.objects.filter(action=Action.SENTENCE_MERGE)
    )


def test_an_objects_admin_page_links_to_its_own_audit(desk_client):
    outlet = OutletFactory(name="Ariana News")
    desk_client.post(
        f"/admin/articles/outlet/{outlet.pk}/change/",
        {"name": outlet.name, "slug": outlet.slug, "reliability": "D", "description": ""},
    )
    make_article(2)  # other entries, not about this outlet
    page = desk_client.get(f"/admin/articles/outlet/{outlet.pk}/change/").content.decode()
    start = page.index("/admin/audit/auditentry/?")
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    listed = desk_client.get(link).context["cl"].result_list
    assert [entry.object_id for entry in listed] == [str(outlet.pk)]
