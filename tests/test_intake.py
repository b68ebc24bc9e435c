"""Article intake: what the desk hands in becomes a text to store, or a clear refusal."""

from __future__ import annotations

import pytest

from articles.html_text import html_to_text
from articles.intake import (
    IntakeError,
    intake_from_file,
    intake_from_paste,
    line_endings_normalise,
)
from articles.segmentation import segment
from tests.conftest import REPO

DATA = REPO / "tests" / "data"
LIMIT = 1_000_000


def test_line_endings_crlf_and_cr_become_lf_and_nothing_else_changes():
    text = "One\u00a0line\r\nTwo “quoted”\rThree 😀\n"
    assert line_endings_normalise(text) == "One\u00a0line\nTwo “quoted”\nThree 😀\n"


def test_pasted_text_records_that_its_line_endings_changed():
    intake = intake_from_paste("Headline\r\n\r\nBody text.\r\n", max_bytes=LIMIT)
    assert intake.text == "Headline\n\nBody text.\n"
    assert intake.line_endings_changed and intake.original is None


def test_a_crlf_file_and_the_same_text_pasted_give_the_same_stored_text():
    data = b"Headline\r\n\r\nBody text.\r\n"
    from_file = intake_from_file(data, "story.txt", max_bytes=LIMIT)
    assert from_file.text == intake_from_paste("Headline\n\nBody text.\n", max_bytes=LIMIT).text
    assert from_file.original == data


@pytest.mark.parametrize("text", ["", "   \r\n\t \n"])
def test_empty_paste_is_refused(text):
    with pytest.raises(IntakeError, match="empty"):
        intake_from_paste(text, max_bytes=LIMIT)


def test_text_over_the_limit_is_refused_with_both_sizes():
    with pytest.raises(
        IntakeError, match=r"1,000,001 bytes; the limit is 1,000,000 bytes \(1 MB\)"
    ):
        intake_from_paste("a" * 1_000_001, max_bytes=LIMIT)


def test_file_over_the_limit_is_refused():
    with pytest.raises(IntakeError, match="The file is 1,000,001 bytes"):
        intake_from_file(b"a" * 1_000_001, "big.txt", max_bytes=LIMIT)


def test_undecodable_bytes_name_the_byte_position_and_line():
    data = "Line one\nIt\u2019s".encode() + b" Windows\x92s quote"
    with pytest.raises(IntakeError) as raised:
        intake_from_file(data, "cp1252.txt", max_bytes=LIMIT)
    message = str(raised.value)
    position = data.index(b"\x92")
    assert f"not valid UTF-8: byte 0x92 at position {position} (line 2)" in message
    assert "Windows-1252" in message


def test_position_of_a_bad_byte_counts_the_byte_order_mark():
    data = b"\xef\xbb\xbfabc\xffdef"
    with pytest.raises(IntakeError, match="byte 0xff at position 6"):
        intake_from_file(data, "bom.txt", max_bytes=LIMIT)


def test_a_utf8_byte_order_mark_is_not_part_of_the_text():
    intake = intake_from_file(b"\xef\xbb\xbfHeadline\n", "bom.txt", max_bytes=LIMIT)
    assert intake.text == "Headline\n"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Word"),
        (b"\xff\xfeH\x00e\x00", "UTF-16"),
        (b"plain start\x00\x01\x02", "NUL"),
    ],
)
def test_binary_files_are_refused_as_binary(data, kind):
    with pytest.raises(IntakeError, match="looks like a binary file") as raised:
        intake_from_file(data, "upload.txt", max_bytes=LIMIT)
    assert kind in str(raised.value)


def test_only_txt_html_and_pdf_files_are_accepted():
    with pytest.raises(IntakeError, match="not a .txt, .html or .pdf file"):
        intake_from_file(b"Some text", "story.docx", max_bytes=LIMIT)


def test_messy_web_page_becomes_its_readable_text():
    page = html_to_text((DATA / "messy_page.html").read_text(encoding="utf-8"))
    assert "Taliban say Afghan resistance ‘besieged’, but seek talks" in page.text
    assert "Afghanistan’s Panjshir Valley" in page.text  # &rsquo; unescaped
    assert "independently verify & the region" in page.text  # &amp;
    assert "11.24\u00a0BST" in page.text  # &nbsp; kept as a non-breaking space
    for dropped in ("dataLayer", "NewsArticle", "display:none", "Subscribe now", "ad fallback"):
        assert dropped not in page.text
    assert "Open menu" not in page.text  # an SVG's title is markup, not text
    assert "<" not in page.text


def test_web_page_keeps_paragraphs_as_blank_lines_and_br_as_a_line_break():
    page = html_to_text((DATA / "messy_page.html").read_text(encoding="utf-8"))
    assert "take the fight to them.\n\nTaliban fighters" in page.text
    assert "Mujahid tweeted,\nsaying they had" in page.text
    assert "\n\n\n" not in page.text
    assert "Related story one\nRelated story two" in page.text


def test_web_page_text_segments_cleanly_with_its_headline_and_page_chrome():
    page = html_to_text((DATA / "messy_page.html").read_text(encoding="utf-8"))
    segments = segment(page.text)
    kinds = {s.text: s.kind.value for s in segments}
    assert kinds["Taliban say Afghan resistance ‘besieged’, but seek talks"] == "headline"
    assert kinds["Facebook Twitter Email"] == "chrome"
    assert all(page.text[s.start : s.end] == s.text for s in segments)


def test_web_page_offers_its_h1_and_title_for_a_headline():
    page = html_to_text((DATA / "messy_page.html").read_text(encoding="utf-8"))
    assert page.h1 == "Taliban say Afghan resistance ‘besieged’, but seek talks"
    assert page.title == "Taliban say Afghan resistance ‘besieged’ | World News Desk"


def test_unclosed_head_does_not_swallow_the_page():
    page = html_to_text("<html><head><title>T</title><body><p>Kept text.</p></body>")
    assert page.text == "Kept text.\n"


def test_preformatted_text_keeps_its_lines():
    page = html_to_text("<pre>first line\nsecond   line</pre>")
    assert page.text == "first line\nsecond line\n"


def test_web_page_without_readable_text_is_refused():
    with pytest.raises(IntakeError, match="no readable text"):
        intake_from_file(b"<html><script>x()</script></html>", "empty.html", max_bytes=LIMIT)


def test_html_file_keeps_the_original_bytes_and_says_it_came_from_html():
    data = (DATA / "messy_page.html").read_bytes()
    intake = intake_from_file(data, "messy_page.html", max_bytes=LIMIT)
    assert intake.from_html and intake.original == data
    assert intake.html_h1.startswith("Taliban say")
