"""The desk loads web pages and PDFs: the page's structure, metadata and language count."""

from __future__ import annotations

import pytest

from articles.models import Article
from tests.factories import OutletFactory
from tests.test_admin_intake import metadata, preview, save_from, upload
from tests.test_page_structure import text_pdf

pytestmark = pytest.mark.django_db

DARI_PAGE = """<!DOCTYPE html><html lang="prs"><head><meta charset="utf-8">
<title>طالبان وارد پنجشیر شدند</title>
<meta property="og:title" content="طالبان وارد پنجشیر شدند">
<meta property="og:site_name" content="Tolo News">
<meta property="article:published_time" content="2021-09-06T08:00:00+04:30">
</head><body>
<nav><a href="/">صفحه اصلی</a> <a href="/af">افغانستان</a></nav>
<article><h1>طالبان وارد پنجشیر شدند</h1>
<p>طالبان روز دوشنبه وارد پنجشیر شدند. مقاومت ادامه دارد؟ بله.</p></article>
</body></html>"""


@pytest.fixture
def outlet():
    return OutletFactory(name="Tolo News", slug="tolo-news")


def test_a_web_page_is_previewed_in_its_language_with_its_proposals_and_nav_as_chrome(
    desk_client, outlet, media_root
):
    page = DARI_PAGE.encode()
    step2 = preview(desk_client, file=upload("tolo.html", page), **metadata(outlet, headline=""))
    assert step2.context["form"]["language"].value() == "prs"
    html = step2.content.decode()
    assert "What the page says about itself" in html
    assert "Tolo News" in html and "2021-09-06" in html and "article:published_time" in html
    kinds = {seg.text: chosen for seg, chosen in step2.context["rows"]}
    assert kinds["صفحه اصلی افغانستان"] == "chrome"
    assert kinds["طالبان وارد پنجشیر شدند"] == "headline"
    assert "مقاومت ادامه دارد؟" in kinds  # Persian rules end a sentence at "؟"

    save_from(desk_client, step2, published="2021-09-06")
    article = Article.objects.get()
    assert article.language == "prs"
    assert article.slug == "tolo-news-2021-09-06"
    assert article.sentences.get(text="صفحه اصلی افغانستان").kind == "chrome"


def test_a_pdf_is_previewed_and_stored_with_its_original(desk_client, outlet, media_root):
    data = text_pdf("Valley holds out", "The valley held out on Monday.")
    step2 = preview(desk_client, file=upload("report.pdf", data), **metadata(outlet))
    assert "a PDF, turned into the text of its text layer" in step2.content.decode()
    save_from(desk_client, step2)
    article = Article.objects.get()
    assert article.text == "Valley holds out\nThe valley held out on Monday.\n"
    with article.source_file.open("rb") as original:
        assert original.read() == data


def test_a_pdf_without_a_text_layer_is_refused_on_the_file_field(desk_client, outlet):
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    response = preview(desk_client, file=upload("scan.pdf", out.getvalue()), **metadata(outlet))
    assert "no text layer" in " ".join(response.context["form"].errors["file"])
    assert not Article.objects.exists()
