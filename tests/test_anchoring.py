"""Finding a quote again in a corrected text (TextQuoteSelector: exact, prefix, suffix)."""

from __future__ import annotations

from articles.anchoring import Quote, quote_candidates, quote_locate
from articles.segmentation import segment


def spans_of(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in segment(text)]


def sentence_at(text: str, index: int) -> str:
    start, end = spans_of(text)[index]
    return text[start:end]


def test_exact_quote_is_found_in_its_new_place():
    text = "A new first sentence. The valley is surrounded on three sides. More text follows."
    located = quote_locate(text, spans_of(text), Quote("The valley is surrounded on three sides."))
    assert located.exact and located.score == 1.0
    assert sentence_at(text, located.index) == "The valley is surrounded on three sides."


def test_repeated_quote_is_told_apart_by_its_context():
    text = "Kabul fell. Close button\n\nThe valley held. Close button\n\nEnd of page."
    quote = Quote("Close button", prefix="The valley held. ", suffix="\n\nEnd of page.")
    located = quote_locate(text, spans_of(text), quote)
    start, _ = spans_of(text)[located.index]
    assert start == text.rindex("Close button")


def test_repeated_quote_without_context_goes_to_the_nearest_old_offset():
    text = "Menu\n\nBody one.\n\nMenu\n\nBody two."
    located = quote_locate(text, spans_of(text), Quote("Menu", start=15))
    start, _ = spans_of(text)[located.index]
    assert start == text.rindex("Menu")


def test_a_corrected_typo_is_matched_fuzzily():
    text = "Intro here. The Talban said the valley was surrounded on three sides. Outro."
    old = "The Taliban said the valley was surrounded on three sides."
    located = quote_locate(text, spans_of(text), Quote(old))
    assert not located.exact and 0.8 <= located.score < 1.0
    assert sentence_at(text, located.index).startswith("The Talban said")


def test_a_different_sentence_is_not_taken_for_the_quote():
    text = "Fighters gathered near the valley at dawn. Talks were planned for Tuesday."
    located = quote_locate(text, spans_of(text), Quote("The valley was surrounded on all sides."))
    assert located is None


def test_a_quote_split_in_two_goes_to_the_part_holding_most_of_it():
    old = "Massoud said his fighters were ready to resist any attack and would hold the valley."
    text = "Massoud said his fighters were ready to resist any attack. He would hold the valley."
    located = quote_locate(text, spans_of(text), Quote(old))
    assert located is not None and not located.exact
    assert sentence_at(text, located.index).startswith("Massoud said")


def test_right_to_left_quote_is_found_exactly():
    text = "مقدمه. احمد مسعود گفت که مقاومت ادامه دارد. پایان."
    quote = "احمد مسعود گفت که مقاومت ادامه دارد."
    located = quote_locate(text, spans_of(text), Quote(quote))
    assert located.exact and sentence_at(text, located.index) == quote


def test_empty_quote_is_never_located():
    assert quote_locate("Some text.", spans_of("Some text."), Quote("")) is None


def test_candidates_for_reattaching_come_best_first():
    texts = ["Unrelated words here.", "The valley was surrounded.", "The valley was surrounded!"]
    ranked = quote_candidates(texts, "The valley was surrounded.", limit=2)
    assert [index for index, _ in ranked] == [1, 2]
    assert ranked[0][1] == 1.0


def test_fuzzy_match_only_among_the_sentences_allowed():
    text = "Sentence number 4 reports fighting. Completely different."
    quote = Quote("Sentence number 3 reports fighting.")
    assert quote_locate(text, spans_of(text), quote).index == 0
    assert quote_locate(text, spans_of(text), quote, fuzzy_among={1}) is None
