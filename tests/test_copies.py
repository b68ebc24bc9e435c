"""The tolerant checksum and the body sketch behind duplicate and near-copy detection."""

from __future__ import annotations

import pytest

from articles.copies import near_copies, sketch, text_key
from articles.models import ArticleFingerprint
from articles.services import article_import, article_text_correct
from tests.factories import OutletFactory

BODY = (
    "Resistance fighters said on Tuesday that they still held every district of the valley. "
    "A commander told reporters by telephone that they would not give up their weapons. "
    "The Taliban spokesman said talks with elders had begun but gave no date for a meeting.\n"
)


def test_line_endings_trailing_spaces_and_composition_do_not_change_the_key():
    assert text_key("Caf\u00e9 opens\n\nBody.\n") == text_key(
        "Cafe\u0301 opens  \r\n\r\nBody.\t\r\n\r\n"
    )


def test_any_change_to_a_word_changes_the_key():
    assert text_key("Body one.\n") != text_key("Body 1.\n")
    assert text_key("Body  one.\n") != text_key("Body one.\n")  # inner spaces are the text's


def test_the_sketch_ignores_case_punctuation_quotes_and_spacing():
    straight = sketch('He said: "We will hold the valley, whatever it takes" on Tuesday night.')
    curly = sketch(
        "he said \u201cwe  will hold the valley whatever it takes\u201d on\ntuesday night"
    )
    assert straight == curly


@pytest.mark.django_db
def test_looking_for_copies_costs_the_same_few_queries_however_many_articles(
    django_assert_max_num_queries,
):
    outlet = OutletFactory()
    original = article_import(text="Original\n\n" + BODY, outlet=outlet, headline="Original")
    for n in range(40):
        article_import(
            text=f"Other {n}\n\n" + f"Unrelated report number {n} about grain prices. " * 8,
            outlet=outlet,
            headline=f"Other {n}",
        )
    with django_assert_max_num_queries(3):
        found = near_copies(BODY.replace("Tuesday", "Tuesday,"))
    assert [copy.article for copy in found] == [original] and found[0].percent >= 60


@pytest.mark.django_db
def test_a_correction_replaces_the_sketch_in_the_same_transaction():
    outlet = OutletFactory()
    article = article_import(text="Original\n\n" + BODY, outlet=outlet, headline="Original")
    before = set(ArticleFingerprint.objects.filter(article=article).values_list("token", flat=True))
    assert before
    other = (
        "Grain prices rose for a third week as traders in the capital waited for new supplies "
        "from the north, and bakers said the cost of flour had almost doubled since August.\n"
    )
    article_text_correct(
        article=article, text="Original\n\n" + other, reason="Wrong text", editor=None
    )
    assert not near_copies(BODY)
    assert [copy.article for copy in near_copies(other)] == [article]
