"""Loading an article through the admin: text or file → preview → save, or a clear error."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article, Outlet, Sentence
from tests.conftest import REPO
from tests.factories import OutletFactory, UserFactory, make_article
from tests.tiling import assert_sentences_tile

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/article/add/"
TEXT = (
    "Resistance leader says valley will hold\n\n"
    "By a staff reporter\n\n"
    "The resistance said on Tuesday that the valley would hold. "
    "Taliban spokesman Zabihullah Mujahid said talks were possible.\n"
)


@pytest.fixture
def outlet():
    return OutletFactory(name="Valley Herald")


def metadata(chosen: Outlet | None = None, **overrides) -> dict:
    data = {
        "headline": "Resistance leader says valley will hold",
        "outlet": chosen.pk if chosen else "",
        "new_outlet": "",
        "published": "2021-08-24",
        "published_precision": "day",
        "published_basis": "printed",
        "language": "en",
        "published_note": "Printed under the headline.",
    }
    data.update(overrides)
    return data


def preview(client: Client, **data):
    return client.post(ADD, {"_preview": "1", **data})


def save_from(client: Client, response, **changes):
    """Submit step 2 as the desk would: the state and metadata as shown, with changes."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name not in {"text", "file"}}
    data["outlet"] = form["outlet"].value() or ""
    data["state"] = response.context["state"]
    data["date_doubtful"] = "on" if form["date_doubtful"].value() else ""
    if not data["date_doubtful"]:
        del data["date_doubtful"]
    if response.context["kinds_editable"]:
        for seg, chosen in response.context["rows"]:
            data[f"kind-{seg.position}"] = chosen
    data.update(changes)
    return client.post(ADD, {"_save": "1", **data})


def errors(response) -> dict:
    return {
        field: [str(e) for e in errs] for field, errs in response.context["form"].errors.items()
    }


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# --- The happy paths ---------------------------------------------------------------------


def test_add_page_offers_paste_upload_and_the_outlet_choice(desk_client, outlet):
    html = desk_client.get(ADD).content.decode()
    assert (
        'name="text"' in html and 'name="file"' in html and 'enctype="multipart/form-data"' in html
    )
    assert "Valley Herald" in html and 'name="new_outlet"' in html
    assert "Preview the sentences" in html


def test_pasted_text_is_previewed_with_every_sentence_and_its_kind_before_anything_is_saved(
    desk_client, outlet
):
    response = preview(desk_client, text=TEXT.replace("\n", "\r\n"), **metadata(outlet))
    assert response.status_code == 200
    assert response.context["preview"] is True
    rows = response.context["rows"]
    assert [seg.text for seg, _ in rows][:2] == [
        "Resistance leader says valley will hold",
        "By a staff reporter",
    ]
    html = response.content.decode()
    for seg, kind in rows:
        assert f'name="kind-{seg.position}"' in html
        assert f'<option value="{kind}" selected>' in html
    assert not Article.objects.exists()


def test_saving_the_preview_stores_the_article_with_the_desks_kind_corrections(desk_client, outlet):
    step2 = preview(desk_client, text=TEXT.replace("\n", "\r\n"), **metadata(outlet))
    byline = next(seg for seg, _ in step2.context["rows"] if seg.text.startswith("By a staff"))
    response = save_from(desk_client, step2, **{f"kind-{byline.position}": "chrome"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    assert article.text == TEXT  # CRLF from the browser normalised, nothing else
    assert article.outlet == outlet and str(article.published) == "2021-08-24"
    assert article.sentences.get(position=byline.position).kind == "chrome"
    assert "Line endings normalised to LF" in article.retrieval_note
    assert_sentences_tile(article)


def test_saved_article_is_announced_with_a_link_to_its_public_page(desk_client, outlet):
    step2 = preview(desk_client, text=TEXT, **metadata(outlet))
    response = save_from(desk_client, step2)
    page = desk_client.get(response["Location"]).content.decode()
    article = Article.objects.get()
    assert f'<a href="{article.get_absolute_url()}">Read it on the site</a>' in page


def test_uploaded_text_file_is_stored_and_its_original_kept_byte_for_byte(
    desk_client, outlet, media_root
):
    data = TEXT.replace("\n", "\r\n").encode()
    step2 = preview(desk_client, file=upload("valley.txt", data), **metadata(outlet))
    save_from(desk_client, step2)
    article = Article.objects.get()
    assert article.text == TEXT
    with article.source_file.open("rb") as original:
        assert original.read() == data
    assert str(media_root) in article.source_file.path


def test_uploaded_web_page_is_stored_as_its_text_with_the_html_kept(
    desk_client, outlet, media_root
):
    data = (REPO / "tests" / "data" / "messy_page.html").read_bytes()
    step2 = preview(desk_client, file=upload("page.html", data), **metadata(outlet, headline=""))
    # The headline is taken from the page's <h1> for the desk to confirm.
    assert step2.context["form"]["headline"].value() == (
        "Taliban say Afghan resistance ‘besieged’, but seek talks"
    )
    save_from(desk_client, step2)
    article = Article.objects.get()
    assert "dataLayer" not in article.text and "<p>" not in article.text
    assert article.headline.startswith("Taliban say Afghan resistance")
    assert "Text extracted from the web page “page.html”" in article.retrieval_note
    with article.source_file.open("rb") as original:
        assert original.read() == data
    assert_sentences_tile(article)


def test_a_new_outlet_is_created_inline(desk_client):
    step2 = preview(desk_client, text=TEXT, **metadata(new_outlet="Panjshir  Observer"))
    save_from(desk_client, step2)
    article = Article.objects.select_related("outlet").get()
    assert article.outlet.name == "Panjshir Observer" and article.outlet.reliability == "F"


def test_staff_can_download_the_original_file_but_never_as_a_rendered_page(
    desk_client, outlet, media_root
):
    data = (REPO / "tests" / "data" / "messy_page.html").read_bytes()
    save_from(desk_client, preview(desk_client, file=upload("page.html", data), **metadata(outlet)))
    article = Article.objects.get()
    response = desk_client.get(f"/admin/articles/article/{article.pk}/original/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == data


# --- Clear errors, nothing half-saved ------------------------------------------------------


def test_empty_text_is_an_error_on_the_text_field(desk_client, outlet):
    response = preview(desk_client, text=" \r\n ", **metadata(outlet))
    assert errors(response)["text"] == ["The text is empty."]
    assert not Article.objects.exists()


def test_nothing_given_asks_for_text_or_a_file(desk_client, outlet):
    response = preview(desk_client, **metadata(outlet))
    assert errors(response)["text"] == ["Paste the text or upload a file."]


def test_file_over_the_size_limit_is_an_error_on_the_file_field(desk_client, outlet, settings):
    settings.ARTICLE_MAX_BYTES = 1_000
    response = preview(desk_client, file=upload("big.txt", b"word " * 300), **metadata(outlet))
    assert "the limit is 1,000 bytes" in errors(response)["file"][0]


def test_pasted_text_over_the_size_limit_is_an_error_on_the_text_field(
    desk_client, outlet, settings
):
    settings.ARTICLE_MAX_BYTES = 1_000
    response = preview(desk_client, text="word " * 300, **metadata(outlet))
    assert "the limit is 1,000 bytes" in errors(response)["text"][0]


def test_bytes_that_are_not_utf8_name_the_byte_and_its_position(desk_client, outlet):
    data = b"Headline\n\nThe valley\x92s defenders held."
    response = preview(desk_client, file=upload("cp1252.txt", data), **metadata(outlet))
    assert "not valid UTF-8: byte 0x92 at position 20 (line 3)" in errors(response)["file"][0]


def test_binary_file_is_named_as_such(desk_client, outlet):
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    response = preview(desk_client, file=upload("story.txt", data), **metadata(outlet))
    assert errors(response)["file"] == ["This looks like a binary file (PDF), not text."]


def test_unknown_outlet_is_an_error_on_the_outlet_field(desk_client):
    response = preview(desk_client, text=TEXT, **metadata(None, outlet="99999"))
    assert errors(response)["outlet"] == [
        "Unknown outlet: choose one from the list, or name a new one below."
    ]


def test_missing_outlet_is_an_error_on_the_outlet_field(desk_client):
    response = preview(desk_client, text=TEXT, **metadata())
    assert errors(response)["outlet"] == ["Choose the outlet or name a new one."]


def test_new_outlet_with_an_existing_name_points_to_the_list(desk_client, outlet):
    response = preview(desk_client, text=TEXT, **metadata(new_outlet="valley herald"))
    assert "already an outlet" in errors(response)["new_outlet"][0]


def test_duplicate_text_links_to_the_stored_article_in_the_admin_and_on_the_site(
    desk_client, outlet
):
    existing = make_article(3, headline="Stored before")
    response = preview(desk_client, text=existing.text.replace("\n", "\r\n"), **metadata(outlet))
    [message] = errors(response)["text"]
    assert message.startswith("This text is already stored as")
    assert f'href="/admin/articles/article/{existing.pk}/change/"' in message
    assert f'href="{existing.get_absolute_url()}"' in message
    assert Article.objects.count() == 1


def test_duplicate_upload_is_an_error_on_the_file_field(desk_client, outlet):
    existing = make_article(3)
    response = preview(
        desk_client, file=upload("again.txt", existing.text.encode()), **metadata(outlet)
    )
    assert "already stored" in errors(response)["file"][0]


def test_duplicate_stored_between_preview_and_save_is_refused_at_save(desk_client, outlet):
    step2 = preview(desk_client, text=TEXT, **metadata(outlet))
    make_article(0, headline="x")  # unrelated, keeps ids moving
    from articles.services import article_import

    article_import(text=TEXT, outlet=outlet, headline="Got there first")
    response = save_from(desk_client, step2)
    assert response.status_code == 200
    assert "already stored" in " ".join(errors(response)["text"])
    assert "already stored" in response.content.decode()  # shown at the text, not only counted
    assert Article.objects.filter(headline="Resistance leader says valley will hold").count() == 0


def test_altered_preview_state_is_refused(desk_client, outlet):
    step2 = preview(desk_client, text=TEXT, **metadata(outlet))
    response = save_from(desk_client, step2, state=step2.context["state"][:-3] + "abc")
    assert "preview has expired or was altered" in str(response.context["form"].non_field_errors())
    assert not Article.objects.exists()


def test_saving_needs_the_preview_first(desk_client, outlet):
    response = desk_client.post(ADD, {"_save": "1", "text": TEXT, **metadata(outlet)})
    assert response.status_code == 200 and response.context["preview"] is True
    assert not Article.objects.exists()


def test_a_failure_midway_through_saving_leaves_nothing_behind(
    desk_client, media_root, monkeypatch
):
    """Half the sentences are really written, then the database fails: all of it rolls back,
    the inline outlet too, and the stored original file is removed."""
    data = (REPO / "tests" / "data" / "messy_page.html").read_bytes()
    step2 = preview(
        desk_client, file=upload("page.html", data), **metadata(new_outlet="Brand New Outlet")
    )
    real_bulk_create = Sentence.objects.bulk_create

    def fail_midway(objs, *args, **kwargs):
        objs = list(objs)
        real_bulk_create(objs[: len(objs) // 2], *args, **kwargs)
        assert Sentence.objects.exists()  # partial work really happened
        raise RuntimeError("database went away")

    monkeypatch.setattr(Sentence.objects, "bulk_create", fail_midway)
    desk_client.raise_request_exception = True
    with pytest.raises(RuntimeError, match="database went away"):
        save_from(desk_client, step2)
    assert not Article.objects.exists()
    assert not Sentence.objects.exists()
    assert not Outlet.objects.filter(name="Brand New Outlet").exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


# --- Who may load articles ----------------------------------------------------------------


def test_editors_without_desk_rights_cannot_load_articles(editor_client):
    assert editor_client.get(ADD).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(ADD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_loading_needs_a_csrf_token(desk, outlet):
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk)
    response = client.post(ADD, {"_preview": "1", "text": TEXT, **metadata(outlet)})
    assert response.status_code == 403


def test_desk_group_can_load_and_correct_but_not_delete():
    desk = Group.objects.get(name="Desk")
    codenames = set(desk.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "change_sentence", "add_outlet"} <= codenames
    assert "view_note" in codenames and "change_note" not in codenames
    assert not any(code.startswith("delete_") for code in codenames)


def test_staff_see_an_edit_in_admin_link_on_the_public_article_page(desk_client, client):
    article = make_article(3)
    link = f'href="/admin/articles/article/{article.pk}/change/"'
    assert link in desk_client.get(article.get_absolute_url()).content.decode()
    reader = UserFactory(username="plain-reader")
    client.force_login(reader)
    assert link not in client.get(article.get_absolute_url()).content.decode()


def test_preview_of_a_long_text_lists_every_sentence(desk_client, outlet):
    body = " ".join(f"Sentence {i} says the valley held." for i in range(1, 1201))
    response = preview(desk_client, text=f"Headline here\n\n{body}\n", **metadata(outlet))
    assert len(response.context["rows"]) == 1201
    # Django refuses requests with more than 1000 fields, so past that the kinds are read-only.
    assert response.context["kinds_editable"] is False
    assert 'name="kind-1"' not in response.content.decode()
    saved = save_from(desk_client, response)
    assert saved.status_code == 302
    assert Article.objects.get().sentences.count() == 1201


def test_preview_marks_the_current_step_for_screen_readers(desk_client, outlet):
    html = preview(desk_client, text=TEXT, **metadata(outlet)).content.decode()
    assert re.search(r'<li aria-current="step">2\. Check the sentences', html)
