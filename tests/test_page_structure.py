"""A web page's own structure and metadata, a declared charset, and PDFs with a text layer."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from articles.html_text import html_to_text
from articles.intake import IntakeError, intake_from_file, intake_segments
from articles.models import Article
from articles.page_structure import page_proposals
from articles.segmentation import Kind
from articles.services import article_file_import
from tests.factories import OutletFactory

LIMIT = 1_000_000

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Valley holds out | Daily Planet</title>
<meta property="og:title" content="Valley holds out">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2021-09-06T10:00:00+04:30">
<meta name="author" content="Jane Roe">
</head><body>
<header><a href="/">Daily Planet</a> <a href="/world">World</a></header>
<nav><ul><li><a href="/asia">Asia news from the region today</a></li>
<li><a>Sport</a></li></ul></nav>
<main><article>
<header><h1>Valley holds out</h1><p>By Jane Roe</p></header>
<figure><img src="a.jpg" alt="">
<figcaption>Fighters on a ridge above the valley road</figcaption></figure>
<p>The valley held out on Monday. Its fighters stayed in the hills.</p>
<aside><p>Read our coverage of the region in full every day</p></aside>
<form><label>Your comment on this story please</label> <button>Send</button></form>
</article></main>
<footer><p>Published by the Daily Planet company of the city</p></footer>
</body></html>"""


def kinds_by_text(data: bytes, name: str = "page.html") -> dict[str, Kind]:
    intake = intake_from_file(data, name, max_bytes=LIMIT)
    return {seg.text: seg.kind for seg in intake_segments(intake)}


def test_markup_marks_furniture_captions_and_the_headline() -> None:
    kinds = kinds_by_text(PAGE.encode())
    assert kinds["Daily Planet World"] is Kind.CHROME  # the site's header
    assert kinds["Asia news from the region today"] is Kind.CHROME  # nav
    assert kinds["Valley holds out"] is Kind.HEADLINE  # h1 in the article's own header
    assert kinds["By Jane Roe"] is Kind.BYLINE
    assert kinds["Fighters on a ridge above the valley road"] is Kind.CAPTION  # figcaption
    assert kinds["The valley held out on Monday."] is Kind.BODY
    assert kinds["Read our coverage of the region in full every day"] is Kind.CHROME  # aside
    assert kinds["Your comment on this story please Send"] is Kind.CHROME  # form
    assert kinds["Published by the Daily Planet company of the city"] is Kind.CHROME  # footer


def test_the_stored_text_is_still_the_whole_page() -> None:
    """Structure only informs kinds: the furniture's lines stay in the text."""
    page = html_to_text(PAGE)
    assert "Asia news from the region today" in page.text
    assert "Published by the Daily Planet company of the city" in page.text
    assert all(page.text[offset] != "\n" for offset in page.hints)


def test_a_form_wrapping_the_whole_page_is_not_furniture() -> None:
    """Some sites wrap every page in one <form>; its article is still the article."""
    page = (
        "<html><body><form><h1>Valley holds out</h1>"
        "<p>The valley held out on Monday. Its fighters stayed in the hills.</p>"
        "</form></body></html>"
    )
    kinds = kinds_by_text(page.encode())
    assert kinds["Valley holds out"] is Kind.HEADLINE
    assert kinds["The valley held out on Monday."] is Kind.BODY


def test_page_metadata_proposes_headline_date_author_and_outlet() -> None:
    proposals = intake_from_file(PAGE.encode(), "page.html", max_bytes=LIMIT).proposals
    assert proposals.headline == "Valley holds out"
    assert (proposals.published, proposals.published_precision) == ("2021-09-06", "day")
    assert proposals.author == "Jane Roe"
    assert proposals.outlet == "Daily Planet"
    assert proposals.sources["published"] == "article:published_time"


def test_json_ld_news_article_outranks_open_graph_and_keeps_a_month_precision() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "Resistance says it still holds the passes",
                "datePublished": "2021-09",
                "author": [{"@type": "Person", "name": "Jane Roe"}, {"name": "John Doe"}],
                "publisher": {"@type": "Organization", "name": "Valley Herald"},
            }
        ],
    }
    page = PAGE.replace(
        "</head>", f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
    )
    proposals = page_proposals(page)
    assert proposals.headline == "Resistance says it still holds the passes"
    assert (proposals.published, proposals.published_precision) == ("2021-09", "month")
    assert proposals.published_date.isoformat() == "2021-09-01"
    assert proposals.author == "Jane Roe, John Doe"
    assert proposals.outlet == "Valley Herald"
    assert proposals.sources["headline"] == "JSON-LD"


def test_a_page_without_metadata_proposes_what_its_title_and_text_say() -> None:
    page = (
        "<html><head><title>Valley holds out</title></head><body>"
        "<p>Published 6 September 2021</p><p>The valley held out.</p></body></html>"
    )
    proposals = page_proposals(page)
    assert proposals.headline == "Valley holds out"
    assert proposals.published == "2021-09-06"


def test_a_broken_page_proposes_nothing_and_raises_nothing() -> None:
    assert not page_proposals("<html><script type='application/ld+json'>{oops</script><p>x")


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        '<meta charset="iso-8859-1">',  # read as Windows-1252, as browsers do
    ],
)
def test_a_web_page_is_read_by_the_charset_it_declares(declaration: str) -> None:
    html = f"<html><head>{declaration}</head><body><p>“Caf\u00e9” – 5 km</p></body></html>"
    intake = intake_from_file(html.encode("cp1252"), "page.html", max_bytes=LIMIT)
    assert intake.text == "“Caf\u00e9” – 5 km\n"
    assert intake.encoding == "cp1252"


def test_a_web_page_declaring_nothing_must_be_utf8() -> None:
    html = "<html><body><p>Caf\u00e9</p></body></html>".encode("cp1252")
    with pytest.raises(IntakeError, match="not valid UTF-8.*Windows-1252"):
        intake_from_file(html, "page.html", max_bytes=LIMIT)


def test_plain_text_that_is_not_utf8_is_still_refused_with_the_hint() -> None:
    data = '<meta charset="windows-1252"> Caf\u00e9'.encode("cp1252")
    with pytest.raises(IntakeError, match="not valid UTF-8.*Windows-1252"):
        intake_from_file(data, "story.txt", max_bytes=LIMIT)


def text_pdf(*lines: str) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, one line each)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    shown = b" 0 -20 Td ".join(b"(" + line.encode("latin-1") + b") Tj" for line in lines)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 72 770 Td " + shown + b" ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_gives_the_text_of_its_text_layer_and_is_kept_byte_for_byte() -> None:
    data = text_pdf("Valley holds out", "The valley held out on Monday. Its fighters stayed.")
    intake = intake_from_file(data, "report.pdf", max_bytes=LIMIT)
    assert intake.text == "Valley holds out\nThe valley held out on Monday. Its fighters stayed.\n"
    assert intake.original == data
    assert intake.from_pdf


def test_a_pdf_without_a_text_layer_is_refused_saying_so() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(IntakeError, match="no text layer"):
        intake_from_file(out.getvalue(), "scan.pdf", max_bytes=LIMIT)


def test_a_broken_pdf_is_refused_with_a_message() -> None:
    with pytest.raises(IntakeError, match="PDF"):
        intake_from_file(b"%PDF-1.7\nnot really a pdf", "broken.pdf", max_bytes=LIMIT)


@pytest.mark.django_db
def test_an_imported_web_page_is_stored_with_the_kinds_its_markup_gives(tmp_path, media_root):
    OutletFactory(name="Daily Planet", slug="daily-planet")
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = article_file_import(path=path, record={"outlet": "Daily Planet"})
    kinds = dict(article.sentences.values_list("text", "kind"))
    assert kinds["Asia news from the region today"] == "chrome"
    assert kinds["Fighters on a ridge above the valley road"] == "caption"
    assert article.headline == "Valley holds out"
    assert article.language == "en"


@pytest.mark.django_db
def test_an_imported_pdf_keeps_its_original_and_says_where_its_text_came_from(tmp_path, media_root):
    OutletFactory(name="Daily Planet", slug="daily-planet")
    data = text_pdf("Valley holds out", "The valley held out on Monday.")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    article = article_file_import(path=path, record={"outlet": "Daily Planet"})
    article = Article.objects.get(pk=article.pk)
    assert article.source_file.read() == data
    assert "text layer of the PDF" in article.retrieval_note


@pytest.mark.django_db
def test_a_right_to_left_article_gets_a_slug_that_says_what_it_is(client):
    import datetime as dt

    from articles.services import article_import

    outlet = OutletFactory(name="Tolo News", slug="tolo-news")
    dated = article_import(
        text="طالبان وارد پنجشیر شدند.\n",
        outlet=outlet,
        headline="طالبان وارد پنجشیر شدند",
        published=dt.date(2021, 9, 6),
        language="prs",
    )
    undated = article_import(
        text="جبهه مقاومت ملی پنجشیر\n", outlet=outlet, headline="جبهه مقاومت ملی پنجشیر"
    )
    assert dated.slug == "tolo-news-2021-09-06"
    assert undated.slug == "tolo-news-jbhh-mqawmt-mly-pnjshyr"


@pytest.mark.django_db
def test_a_dari_article_is_segmented_and_shown_right_to_left(client):
    from articles.services import article_import

    article = article_import(
        text="طالبان وارد پنجشیر شدند. مقاومت ادامه دارد؟ بله.\n",
        outlet=OutletFactory(),
        headline="طالبان وارد پنجشیر شدند",
        language="prs",
    )
    assert article.sentences.count() == 3  # Persian rules: "؟" ends a sentence
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="reading__text" lang="prs" dir="rtl"' in html
    source = client.get(article.get_source_url()).content.decode()
    assert 'lang="prs" dir="rtl"' in source


@pytest.mark.django_db
def test_an_english_article_is_shown_left_to_right(client):
    from articles.services import article_import

    article = article_import(text="The valley held out.\n", outlet=OutletFactory(), headline="x")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="reading__text" lang="en" dir="ltr"' in html


def test_a_hint_reaches_a_line_that_opens_with_a_non_breaking_space() -> None:
    page = (
        "<html><body><nav>\u00a0Home and the world of news</nav>"
        "<p>The valley held.</p></body></html>"
    )
    kinds = kinds_by_text(page.encode())
    assert kinds["Home and the world of news"] is Kind.CHROME
