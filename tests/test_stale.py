"""Stale is impossible by construction: whatever a public page reads, the page cache follows.

One mechanism (pagecache.stamps.follow) ties each model a public page shows to the stamps of
the pages showing it. The first test finds the models by rendering every public page and
reading the tables its queries touch, so a new model shown on a page without being followed
fails here; the others change each shown thing through the admin, as the desk would, and
read the cached page as an anonymous reader.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Outlet, Sentence, SentenceKind
from desk.starter import starter_content_load
from notes.models import Claimant, Note
from pagecache.models import ContentStamp
from pagecache.stamps import followed_models
from tests.conftest import staff_in
from timeline.models import Event

pytestmark = pytest.mark.django_db

# Read by public pages but never shown from: the stamps themselves, and Django's own
# bookkeeping (an anonymous reader loads no session).
NOT_SHOWN = {ContentStamp}


@pytest.fixture
def starter(db):
    return starter_content_load()


def _noted_article() -> Article:
    """An article of the starter content with a published note on one of its sentences."""
    return Note.objects.published().select_related("sentence__article").first().sentence.article


def _public_paths() -> list[str]:
    article = _noted_article()
    sentence = Note.objects.published().filter(sentence__article=article).first().sentence
    return [
        "/",
        article.get_absolute_url(),
        article.get_absolute_url() + "?as=captured",
        article.get_source_url(),
        sentence.get_absolute_url(),
        "/timeline/",
        "/timeline.json",
        "/annotations.jsonld",
    ]


def _tables_read(client, path: str) -> set[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200, path
    tables: set[str] = set()
    for query in ctx.captured_queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query["sql"]))
    return tables


def test_every_model_a_public_page_reads_is_followed_by_the_page_cache(client, starter):
    by_table = {model._meta.db_table: model for model in apps.get_models()}
    read = set()
    for path in _public_paths():
        read |= {by_table[t] for t in _tables_read(client, path) if t in by_table}
    assert {Article, Sentence, Note, Event, Outlet} <= read  # the walk saw the pages' content
    unfollowed = {model._meta.label for model in read - NOT_SHOWN - followed_models()}
    assert not unfollowed, f"shown on public pages but not followed: {sorted(unfollowed)}"


@pytest.fixture
def desk_admin(client, db):
    """A superuser: every admin change page, as the desk and editors use them together."""
    user = staff_in("Desk", username="chief")
    user.is_superuser = True
    user.save()
    desk = client.__class__()
    desk.force_login(user)
    return desk


def _form_data(form) -> dict:
    """What a browser would post for an unchanged Django form, prefixes and widgets included."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                if part is not None:
                    data[f"{key}_{index}"] = part
        elif isinstance(value, list | tuple):
            data[key] = [getattr(item, "pk", item) for item in value]
        elif value is not None and value is not False:
            data[key] = getattr(value, "pk", value)
    return data


def _admin_change(admin_client, obj, **changes) -> None:
    """Post the admin's change form for `obj` with `changes`, the rest as the form shows it."""
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    page = admin_client.get(url)
    data = _form_data(page.context["adminform"].form)
    for inline in page.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data |= _form_data(formset.management_form)
        for form in formset.forms:
            data |= _form_data(form)
    data.update(changes)
    response = admin_client.post(url, data)
    assert response.status_code == 302, [
        response.context["adminform"].form.errors,
        *(f.formset.errors for f in response.context.get("inline_admin_formsets", [])),
        *(f.formset.non_form_errors() for f in response.context.get("inline_admin_formsets", [])),
    ]


def _cached(client, path: str) -> str:
    client.get(path)  # warm
    return client.get(path).content.decode()


def test_renaming_an_outlet_in_the_admin_shows_on_every_cached_page(client, desk_admin, starter):
    article = _noted_article()
    outlet = article.outlet
    paths = ["/", article.get_absolute_url()]
    for path in paths:
        assert outlet.name in _cached(client, path)
    _admin_change(desk_admin, outlet, name="Renamed Outlet of Record")
    for path in paths:
        assert "Renamed Outlet of Record" in client.get(path).content.decode(), path


def test_regrading_an_outlet_changes_the_grade_on_cached_pages(client, desk_admin, starter):
    note = Note.objects.published().select_related("anchor_article__outlet").first()
    outlet = note.anchor_article.outlet
    path = note.sentence.get_absolute_url()
    new = "A" if outlet.reliability != "A" else "B"
    assert f"{new}{note.credibility}" not in _cached(client, path)
    _admin_change(desk_admin, outlet, reliability=new)
    assert f"{new}{note.credibility}" in client.get(path).content.decode()


def test_renaming_a_claimant_shows_on_cached_pages(client, desk_admin, starter):
    note = Note.objects.published().exclude(claimant=None).select_related("claimant").first()
    path = note.sentence.get_absolute_url()
    assert note.claimant.name in _cached(client, path)
    _admin_change(desk_admin, note.claimant, name="A Renamed Claimant")
    assert "A Renamed Claimant" in client.get(path).content.decode()


def test_an_editors_new_display_name_shows_on_cached_pages(client, desk_admin, starter):
    """Issue 16, defect 6: readers kept the old "published by" after a rename."""
    editor = staff_in("Editors", username="reporter")
    note = Note.objects.published().first()
    Note.objects.filter(pk=note.pk).update(published_by=editor)
    path = note.sentence.get_absolute_url()
    client.get(path)
    # The direct update above sent no signal: bump as the note's own save would have.
    from pagecache.stamps import rows_changed

    rows_changed([note])
    assert "by reporter" in _cached(client, path)
    _admin_change(
        desk_admin,
        editor,
        first_name="Farida",
        last_name="Ahmadi",
        password=editor.password,
    )
    assert "by Farida Ahmadi" in client.get(path).content.decode()


def test_an_editors_sign_in_does_not_empty_the_cache(client, starter):
    """Only what pages show is followed: last_login changes nothing on them."""
    editor = staff_in("Editors", username="reporter")
    _cached(client, "/")
    before = ContentStamp.objects.get(key="site").token
    client.__class__().force_login(editor)
    assert ContentStamp.objects.get(key="site").token == before


def test_changing_a_headline_in_the_admin_shows_on_the_index_and_timeline(
    client, desk_admin, starter
):
    article = Event.objects.published().first().evidence.first().sentence.article
    for path in ("/", "/timeline/"):
        _cached(client, path)
    _admin_change(desk_admin, article, headline="A corrected headline for the record")
    assert "A corrected headline for the record" in client.get("/").content.decode()
    assert "A corrected headline for the record" in client.get("/timeline/").content.decode()


def test_changing_a_sentence_kind_in_the_admin_shows_on_the_article(client, desk_admin, starter):
    article = _noted_article()
    sentence = article.sentences.filter(kind=SentenceKind.BODY).last()
    path = article.get_absolute_url()
    assert sentence.text in _cached(client, path)
    _admin_change(desk_admin, sentence, kind=SentenceKind.CHROME)
    assert sentence.text not in client.get(path).content.decode()


def test_retitling_an_event_in_the_admin_shows_on_the_timeline(client, desk_admin, starter):
    event = Event.objects.published().first()
    assert event.title in _cached(client, "/timeline/")
    _admin_change(desk_admin, event, title="A retitled event, as the desk wrote it")
    assert "A retitled event, as the desk wrote it" in client.get("/timeline/").content.decode()


def test_deleting_a_claimant_in_the_admin_refreshes_pages(client, desk_admin, starter):
    claimant = Claimant.objects.create(name="Unused claimant")
    before = ContentStamp.objects.get(key="site").token
    response = desk_admin.post(f"/admin/notes/claimant/{claimant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert ContentStamp.objects.get(key="site").token != before
