"""The segmenter on real pages: the labelled set's figures stay above their floor."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from articles.segmentation import Kind, segment
from articles.segmentation_eval import evaluate, fixtures_load

LABELLED = Path(__file__).resolve().parent / "data" / "desk_labelled"
# Nine more openings labelled after the rules were written and measured blind first (81.8 %
# kinds, 98.5 % sentences); four general rules came from its mistakes since (89.4 %).
SECOND_SET = Path(__file__).resolve().parent / "data" / "desk_heldout"

# Just under what the rules reach (95.1 % and 99.3 % on 45 openings, 288 lines): a change that
# reads real pages worse fails here; one that reads them better should raise the floor.
KIND_FLOOR = 0.945
SENTENCE_FLOOR = 0.99


def test_labelled_set_is_at_least_thirty_real_pages_with_their_addresses() -> None:
    fixtures = fixtures_load(LABELLED)
    assert len(fixtures) >= 30
    assert all(f.url.startswith(("http://", "https://")) for f in fixtures)
    assert {"wire", "live-blog", "transcript", "q-and-a", "press-release", "rtl"} <= {
        f.shape for f in fixtures
    }


def test_labelled_sentences_are_the_lines_they_label() -> None:
    """Labels cannot drift from their text: each line's sentences spell the line."""
    report = evaluate(fixtures_load(LABELLED))
    for row in report.lines:
        assert "".join(row.sentences).replace(" ", "") == row.text.replace(" ", ""), row


def test_kinds_and_sentences_stay_above_their_floor() -> None:
    kind, sentences = evaluate(fixtures_load(LABELLED)).accuracy()
    assert kind >= KIND_FLOOR
    assert sentences >= SENTENCE_FLOOR


def test_the_second_set_stays_above_its_floor() -> None:
    kind, sentences = evaluate(fixtures_load(SECOND_SET)).accuracy()
    assert kind >= 0.88
    assert sentences >= 0.98


def test_segmentation_eval_command_prints_the_figures() -> None:
    out = StringIO()
    call_command("segmentation_eval", stdout=out)
    text = out.getvalue()
    assert "kind right:" in text and "sentences right:" in text
    assert "by shape" in text and "kinds confused" in text


def kinds_of(text: str, language: str = "en") -> dict[str, Kind]:
    return {seg.text: seg.kind for seg in segment(text, language=language)}


def test_agency_dateline_opening_a_paragraph_is_a_dateline_sentence() -> None:
    kinds = kinds_of("TEHRAN, September 1. /TASS/. The valley was quiet on Wednesday.\n")
    assert kinds == {
        "TEHRAN, September 1. /TASS/.": Kind.DATELINE,
        "The valley was quiet on Wednesday.": Kind.BODY,
    }


def test_agency_photo_credits_make_captions() -> None:
    page = (
        "Fighters patrol a road in Kabul, Afghanistan, Wednesday, Aug. 18, 2021. Jane Roe/AP\n\n"
        "A convoy leaves the city. Credit: Handout via Storyful\n\n"
        "Aamir Qureshi/AFP/Getty Images\n\n"
        "FILE PHOTO: A checkpoint near the valley's entrance.\n"
    )
    assert set(kinds_of(page).values()) == {Kind.CAPTION}


def test_written_by_and_wire_credits_are_bylines() -> None:
    page = (
        "Valley holds out\n\nWritten By\nJANE ROE and JOHN DOE\n\n"
        "The valley held out on Monday.\n\n(Reporting by Jane Roe; Editing by John Doe)\n"
    )
    kinds = kinds_of(page)
    assert kinds["Written By"] is Kind.BYLINE
    assert kinds["JANE ROE and JOHN DOE"] is Kind.BYLINE
    assert kinds["(Reporting by Jane Roe; Editing by John Doe)"] is Kind.BYLINE


def test_questions_in_a_transcript_are_body() -> None:
    page = (
        "Interview with the commander\n\n"
        "He spoke by telephone from the valley.\n\n"
        "Q: Will you negotiate?\n\n"
        "We will talk.\n\n"
        "What comes next?\n\n"
        "Nobody knows.\n"
    )
    kinds = kinds_of(page)
    assert kinds["Q: Will you negotiate?"] is Kind.BODY
    assert kinds["What comes next?"] is Kind.BODY
    assert kinds["Interview with the commander"] is Kind.HEADLINE


def test_live_blog_stamps_and_link_runs() -> None:
    page = (
        "World | Asia | Sport | Opinion\n"
        "Kabul airport – live updates\n\n"
        "07:45 , Jane Roe\n\n"
        "Flights resumed this morning.\n\n"
        "2:04 p.m. EDT\n"
    )
    kinds = kinds_of(page)
    assert kinds["World | Asia | Sport | Opinion"] is Kind.CHROME
    assert kinds["07:45 , Jane Roe"] is Kind.DATELINE
    assert kinds["2:04 p.m. EDT"] is Kind.DATELINE


def test_urdu_full_stops_end_sentences_by_the_articles_language() -> None:
    text = "وادی پنجشیر آخری علاقہ تھا۔ طالبان نے اعلان کیا ہے۔\n"
    assert len(segment(text, language="ur")) == 2
    assert len(segment(text)) == 1  # English rules do not know the Urdu full stop


def test_a_comma_never_ends_an_arabic_sentence() -> None:
    text = "قال المراسل إن المقاتلين تفرقوا في الجبال، غير أن القائد أكد أن قواته ستواصل القتال.\n"
    assert len(segment(text, language="ar")) == 1


def test_page_hints_override_the_shape_of_a_line() -> None:
    text = "Floods sweep the valleys\n\nRivers burst their banks overnight.\n"
    hints = {0: Kind.CHROME}
    assert segment(text, hints=hints)[0].kind is Kind.CHROME
