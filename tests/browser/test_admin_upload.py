"""The desk in a real browser: sign in, upload an article file, check the preview, save,
and read the new article on the public site."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from tests.factories import OutletFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "Resistance says Panjshir will not fall\r\n\r\n"
    "By a staff reporter\r\n\r\n"
    "Fighters loyal to Ahmad Massoud (احمد مسعود) said on Tuesday that the valley would hold. "
    "A spokesman said talks with the Taliban were “possible but not yet begun”.\r\n"
)


@pytest.fixture
def desk_with_password(db):
    """Staff in the Desk group (restored after each flush by the post_migrate hook)."""
    user = UserFactory(username="desk-browser", is_staff=True)
    user.groups.add(Group.objects.get(name="Desk"))
    return user


def test_desk_uploads_an_article_checks_the_preview_and_reads_it_on_the_site(
    live_server, page, screenshot, desk_with_password, media_root, tmp_path
):
    OutletFactory(name="Valley Herald")
    upload = tmp_path / "panjshir.txt"
    upload.write_bytes(TEXT.encode("utf-8"))

    page.goto(live_server.url + "/admin/login/?next=/admin/articles/article/add/")
    page.get_by_label("Username").fill("desk-browser")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/articles/article/add/")

    page.get_by_label("…or upload a file").set_input_files(str(upload))
    page.get_by_label("Outlet:", exact=True).select_option(label="Valley Herald")
    page.get_by_label("Publication date:", exact=True).fill("2021-08-24")
    page.get_by_role("button", name="Preview the sentences").click()

    # The preview: every sentence with its kind, the headline taken from the text.
    page.get_by_role("heading", name="The sentences (4)").wait_for()
    assert (
        page.get_by_label("Headline:", exact=True).input_value()
        == "Resistance says Panjshir will not fall"
    )
    rows = page.locator(".desk-preview tbody tr")
    assert rows.count() == 4
    assert page.get_by_label("Kind of sentence 1").input_value() == "headline"
    assert page.get_by_label("Kind of sentence 3").input_value() == "body"
    assert "احمد مسعود" in rows.nth(2).inner_text()
    page.get_by_label("Kind of sentence 2").select_option("byline")
    screenshot(page, "preview")
    assert not Article.objects.exists()

    page.get_by_role("button", name="Save the article").click()
    page.get_by_text("Stored “Resistance says Panjshir will not fall” with 4 sentences").wait_for()
    article = Article.objects.get()
    assert article.sentences.get(position=2).kind == "byline"

    page.get_by_role("link", name="Read it on the site").click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == article.headline
    assert (
        "talks with the Taliban were “possible but not yet begun”"
        in page.locator(".reading__text").inner_text()
    )
    screenshot(page, "public")
