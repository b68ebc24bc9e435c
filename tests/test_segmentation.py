"""Sentence segmentation: spans must tile the verbatim text, kinds are sensible defaults.

Runs without Django (``-p no:django``): ``articles.segmentation`` is pure Python.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import segmentation
from articles.segmentation import Kind, Segment, segment

SEEDS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))


def read_seed(prefix: str) -> str:
    """The verbatim text of the seed whose file name starts with ``prefix``."""
    (path,) = (p for p in SEED_FILES if p.name.startswith(prefix))
    return path.read_text(encoding="utf-8")


def assert_tiles(text: str, segments: list[Segment]) -> None:
    """The invariant: in-order, stripped, single-line spans with only whitespace between."""
    cursor = 0
    for number, seg in enumerate(segments, start=1):
        assert seg.position == number
        assert cursor <= seg.start < seg.end <= len(text)
        assert text[cursor : seg.start].strip() == ""
        assert seg.text == text[seg.start : seg.end]
        assert seg.text == seg.text.strip()
        assert len(seg.text.splitlines()) == 1
        assert isinstance(seg.kind, Kind)
        cursor = seg.end
    assert text[cursor:].strip() == ""


def texts_of(segments: list[Segment], kind: Kind) -> list[str]:
    return [seg.text for seg in segments if seg.kind is kind]


# --------------------------------------------------------------------------------------------
# The tiling invariant
# --------------------------------------------------------------------------------------------


def test_there_are_five_seeds() -> None:
    """The pinned expectations below assume the five scraped seeds are all present."""
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_spans_tile_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    segments = segment(text)
    assert segments
    assert_tiles(text, segments)


TOKENS = [
    " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\x85", "\ufeff", "\u200b",
    ".", "!", "?", "…", ",", ";", ":", "-", "–", "—", "(", ")", "[", "]", "\"", "'",
    "“", "”", "‘", "’", "«", "»", "U.S.", "Mr.", "jr.", "1)", "a.", "e.g.", "No.", "3.14",
    "Hello", "world", "the", "Taliban", "Panjshir", "Home", "News", "By", "Via", "(Photo by",
    "/ AFP)", "https://example.org/a.b", "1 + 1 =", "+2348136370421", "Close button",
    "مرحبا", "بالعالم", "؟", "،", "پنجشیر", "שלום", "😀", "👩‍👩‍👧", "🇦🇫", "中文。", "Ünïcödé",
]  # fmt: skip

random_text = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=random_text)
def test_random_text_spans_tile_the_text(text: str) -> None:
    """Whatever the input (CRLF, NBSP, RTL, emoji, stray punctuation), nothing is lost."""
    assert_tiles(text, segment(text))


# --------------------------------------------------------------------------------------------
# Kinds pinned per seed (computed, reviewed by eye, then frozen here)
# --------------------------------------------------------------------------------------------

CHROME = {
    "000": [
        "Close button",
        "The Guardian",
        "Email YouTube Facebook Instagram Twitter WhatsApp",
        "In this article:",
        "Receive News Alerts on Whatsapp: +2348136370421",
        "No comments yet",
    ],
    "001": [
        "HomeNewsThe Panjshir Resistance Leader Says He's Ready for Talks with the Taliban",
        "The Panjshir Resistance Leader Says He’s Ready for Talks with the Taliban",
        "Tab to see linksw",
        "Open to see links",
        "Please enter your comment!",
        "Please enter your name here",
        "Most Popular",
        "Recent Comments",
    ],
    "002": ["Leave a Comment", "1 + 1 ="],
    "003": [],
    "004": [],
}
HEADLINES = {
    "000": ["Taliban say Afghan resistance force ‘besieged’, but seek talks"],
    "001": [
        "The Panjshir Resistance Leader Says He’s Ready for Talks with the Taliban",
        "The Situation in Panjshir",
        "Ahmad Massoud",
        "What are the consequences of the fighting?",
    ],
    "002": ["Anti-Taliban leader says ready to fight Taliban"],
    "003": [],
    "004": ["Conversations Failed"],
}
DATELINES = {
    "000": [],
    "001": ["Thursday, October 21, 2021"],
    "002": ["August 24, 2021 - 13:41"],
    "003": [],
    "004": [],
}
BYLINES = {
    "000": [],
    "001": [],
    "002": [],
    "003": [
        "Via https://southfront.org/taliban-ready-to-launch-offensive-on-panjshir-in-afghanistan/"
    ],
    "004": [],
}
CAPTIONS = {
    "000": [
        "Newly absorbed personnel in the Afghan security forces take part in a military training"
        " in Bandejoy area of Dara district in Panjshir province on August 21, 2021.",
        "– Former Afghan government forces forming a resistance movement in a fortified valley"
        " are preparing for “long-term conflict”, but are also seeking to negotiate with the"
        " Taliban, their spokesman Ali Maisam Nazary told AFP in an interview.",
        "(Photo by Ahmad SAHEL ARMAN / AFP)",
    ],
    "001": [],
    "002": [],
    "003": [],
    "004": [
        "Afghan resistance movement and anti-Taliban uprising forces take rest as they patrol on"
        " a hilltop in Darband area in Anaba district, Panjshir province on September 1, 2021.",
        "- Panjshir (Photo by Ahmad SAHEL ARMAN / AFP)",
    ],
}
SEED_IDS = sorted(CHROME)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_chrome_sentences_are_pinned(seed: str) -> None:
    """Exactly these sentences (in page order) are page furniture."""
    assert texts_of(segment(read_seed(seed)), Kind.CHROME) == CHROME[seed]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_headlines_are_pinned(seed: str) -> None:
    """The headline and standalone subheadings, in page order."""
    assert texts_of(segment(read_seed(seed)), Kind.HEADLINE) == HEADLINES[seed]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_datelines_are_pinned(seed: str) -> None:
    assert texts_of(segment(read_seed(seed)), Kind.DATELINE) == DATELINES[seed]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_bylines_are_pinned(seed: str) -> None:
    assert texts_of(segment(read_seed(seed)), Kind.BYLINE) == BYLINES[seed]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_captions_are_pinned(seed: str) -> None:
    """Every sentence of a paragraph carrying a photo credit is a caption."""
    assert texts_of(segment(read_seed(seed)), Kind.CAPTION) == CAPTIONS[seed]


def test_repeated_headline_keeps_the_first_copy_as_headline() -> None:
    """Seed 001 prints its headline twice: the first is the headline, the second chrome."""
    title = "The Panjshir Resistance Leader Says He’s Ready for Talks with the Taliban"
    copies = [seg for seg in segment(read_seed("001")) if seg.text == title]
    assert [seg.kind for seg in copies] == [Kind.HEADLINE, Kind.CHROME]


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        ("000", "“The Islamic Emirate is trying to resolve this issue peacefully,” he added."),
        ("004", "“They were badly defeated,” he added."),
        (
            "002",
            "The Taliban have repeatedly stressed they are open to an inclusive new Afghan"
            " government.",
        ),
    ],
)
def test_quoted_speech_stays_body(seed: str, sentence: str) -> None:
    """Quotes and short closing paragraphs are body, not headlines or chrome."""
    assert sentence in texts_of(segment(read_seed(seed)), Kind.BODY)


# --------------------------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------------------------


def test_quote_with_attribution_is_one_sentence() -> None:
    """A quote ending in a comma inside the quote marks does not end the sentence."""
    texts = [seg.text for seg in segment(read_seed("000"))]
    assert "“The Islamic Emirate is trying to resolve this issue peacefully,” he added." in texts


def test_us_backed_does_not_split_a_sentence() -> None:
    texts = [seg.text for seg in segment(read_seed("001"))]
    assert (
        "The fighting in Panjshir Valley in recent days comes after an agreement between Massoud"
        " and Afghanistan’s U.S.-backed government was struck to put a temporary halt to the"
        " fighting."
    ) in texts
    assert not any(text.endswith("U.S.") for text in texts)


def test_long_paragraphs_split_into_several_sentences() -> None:
    """Each long paragraph of seed 001 becomes at least three sentences."""
    text = read_seed("001")
    segments = segment(text)
    paragraphs = [p for p in text.split("\n") if len(p) > 500]
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        start = text.index(paragraph)
        inside = [s for s in segments if start <= s.start and s.end <= start + len(paragraph)]
        assert len(inside) >= 3
        assert all(s.text[-1] in '.!?”"' for s in inside)


def test_no_break_space_after_full_stop_still_splits() -> None:
    """Seed 004 has "flags.\u00a0They claimed": two sentences, NBSP left in the gap."""
    text = read_seed("004")
    texts = [seg.text for seg in segment(text)]
    assert any(t.endswith("flying the movement’s flags.") for t in texts)
    assert any(t.startswith("They claimed that the Taliban") for t in texts)


def test_no_break_spaces_inside_a_sentence_are_kept_verbatim() -> None:
    """Seed 003's “…negotiations, ” –\u00a0 he claimed." stays one sentence, NBSP included."""
    texts = [seg.text for seg in segment(read_seed("003"))]
    assert any(t.endswith("negotiations, ” –\u00a0 he claimed.") for t in texts)


def test_sentences_do_not_cross_line_breaks() -> None:
    segments = segment("First half of a thought\nand the rest of it.")
    assert [seg.text for seg in segments] == ["First half of a thought", "and the rest of it."]


# --------------------------------------------------------------------------------------------
# Kind heuristics on synthetic pages (general rules, not the seeds' texts)
# --------------------------------------------------------------------------------------------


def test_generic_page_furniture_is_chrome() -> None:
    page = (
        "Daily Planet\n"
        "Share Facebook Twitter\n"
        "Home > World > Asia\n"
        "Floods sweep the northern valleys\n"
        "By Jane Doe\n"
        "12 March 2024\n\n"
        "Rivers burst their banks overnight. Thousands were evacuated.\n\n"
        "Related articles\n"
        "Subscribe to our newsletter\n"
    )
    kinds = {seg.text: seg.kind for seg in segment(page)}
    assert kinds == {
        "Daily Planet": Kind.CHROME,
        "Share Facebook Twitter": Kind.CHROME,
        "Home > World > Asia": Kind.CHROME,
        "Floods sweep the northern valleys": Kind.HEADLINE,
        "By Jane Doe": Kind.BYLINE,
        "12 March 2024": Kind.DATELINE,
        "Rivers burst their banks overnight.": Kind.BODY,
        "Thousands were evacuated.": Kind.BODY,
        "Related articles": Kind.CHROME,
        "Subscribe to our newsletter": Kind.CHROME,
    }


def test_sentence_starting_with_by_is_body_not_byline() -> None:
    segments = segment("Headline here\n\nBy the time help arrived, the road was gone.")
    assert segments[-1].kind is Kind.BODY


def test_credit_on_its_own_line_captions_the_line_above() -> None:
    segments = segment("Soldiers patrol a ridge near Bazarak.\n(Photo by A. Photographer / AFP)")
    assert [seg.kind for seg in segments] == [Kind.CAPTION, Kind.CAPTION]


# --------------------------------------------------------------------------------------------
# Edge cases and robustness
# --------------------------------------------------------------------------------------------


def test_empty_string_has_no_segments() -> None:
    assert segment("") == []


def test_whitespace_only_has_no_segments() -> None:
    assert segment(" \n\t\r\n\u00a0\u2028 ") == []


def test_single_word_without_punctuation_is_one_segment() -> None:
    assert [(s.position, s.start, s.end, s.text) for s in segment("Panjshir")] == [
        (1, 0, 8, "Panjshir")
    ]


def test_crlf_text_splits_on_lines_and_keeps_carriage_returns_in_the_gaps() -> None:
    text = "Valley under siege\r\n\r\nFighters gathered. Talks failed.\r\nNo comments yet\r\n"
    segments = segment(text)
    assert_tiles(text, segments)
    assert [(s.text, s.kind) for s in segments] == [
        ("Valley under siege", Kind.HEADLINE),
        ("Fighters gathered.", Kind.BODY),
        ("Talks failed.", Kind.BODY),
        ("No comments yet", Kind.CHROME),
    ]


def test_ten_thousand_sentences_segment_correctly() -> None:
    """A long article (2,000 paragraphs of five sentences) keeps every sentence."""
    expected = [f"Sentence {n} reports on the valley." for n in range(10_000)]
    text = "\n\n".join(" ".join(expected[i : i + 5]) for i in range(0, 10_000, 5))
    segments = segment(text)
    assert_tiles(text, segments)
    assert [seg.text for seg in segments] == expected


def test_one_very_long_line_is_read_in_windows_without_losing_sentences() -> None:
    """pysbd is fed long lines piecewise; window edges must not cut or merge sentences."""
    expected = [f"Line {n} mentions the U.S. embassy in Kabul." for n in range(3_000)]
    text = " ".join(expected)
    segments = segment(text)
    assert_tiles(text, segments)
    assert [seg.text for seg in segments] == expected


def test_unmappable_pysbd_output_keeps_the_line_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """If pysbd returns text that is not in the line, the line becomes one sentence."""
    monkeypatch.setattr(segmentation, "_pysbd", lambda text: ["nowhere to be found."])
    text = "One. Two. Three."
    assert [seg.text for seg in segment(text)] == [text]


def test_partly_mapped_pysbd_output_keeps_the_rest_as_one_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(segmentation, "_pysbd", lambda text: ["One. ", "garbled", "Three."])
    assert [seg.text for seg in segment("One. Two. Three.")] == ["One.", "Two. Three."]


def test_pysbd_crash_keeps_the_line_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str) -> list[str]:
        raise RuntimeError("pysbd blew up")

    monkeypatch.setattr(segmentation._segmenter, "processor", boom)
    assert [seg.text for seg in segment("One. Two.")] == ["One. Two."]
