"""A sentence's address keeps meaning the same words through every change the desk makes."""

from __future__ import annotations

import re

import pytest

from articles.addressing import KEY_PATTERN, keys_issue
from articles.models import Article, Sentence, SentenceAddress
from articles.services import (
    article_text_correct,
    sentence_merge,
    sentence_split,
    sentences_kind_set,
)
from tests.factories import BESIEGED_TEXT as TEXT
from tests.factories import make_besieged_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_besieged_article()


def at(article: Article, starts: str) -> Sentence:
    return article.sentences.get(text__startswith=starts)


def correct(article: Article, text: str, reason: str = "Fixed from the print copy"):
    return article_text_correct(article=article, text=text, reason=reason, editor=None)


def page(client, url: str):
    response = client.get(url)
    return response, response.content.decode()


def test_every_sentence_gets_a_key_unique_in_its_article_that_never_looks_like_a_number(article):
    keys = list(article.sentences.values_list("key", flat=True))
    assert len(set(keys)) == len(keys) == article.sentences.count()
    assert all(re.fullmatch(KEY_PATTERN, key) for key in keys)


def test_keys_issue_never_repeats_a_taken_key():
    taken = set(keys_issue(500))
    fresh = keys_issue(500, taken)
    assert not taken & set(fresh) and len(set(fresh)) == 500


def test_get_absolute_url_is_the_stable_address(article):
    sentence = at(article, "Resistance forces")
    assert sentence.get_absolute_url() == f"/articles/{article.slug}/s/{sentence.key}/"


def test_unchanged_sentence_keeps_its_address_and_words_after_a_paragraph_is_inserted(
    article, client
):
    sentence = at(article, "Resistance forces")
    url, position = sentence.get_absolute_url(), sentence.position
    correct(article, TEXT.replace("\n\nTalks", "\n\nA new paragraph was added here.\n\nTalks", 1))
    correct(article, "An inserted first line.\n\n" + article.text)
    moved = at(article, "Resistance forces")
    assert moved.get_absolute_url() == url and moved.position == position + 1
    response, html = page(client, url)
    assert response.status_code == 200
    assert "Resistance forces said they were holding strong." in html
    assert "address-notice" not in html


def test_corrected_sentence_answers_with_its_new_text_and_quotes_the_old(article, client):
    sentence = at(article, "The Taliban said")
    url = sentence.get_absolute_url()
    correct(article, TEXT.replace("on Monday", "on Sunday"))
    response, html = page(client, url)
    assert response.status_code == 200
    assert "The Taliban said on Sunday that their fighters" in html
    assert "Corrected</strong> on" in html
    assert "The Taliban said on Monday that their fighters had surrounded the valley." in html
    change = SentenceAddress.objects.get(key=sentence.key)
    assert change.change == "corrected" and change.revision == 1


def test_removed_sentence_answers_410_quoting_it_with_its_revision_and_the_article(article, client):
    gone = at(article, "Claims from either side")
    url = gone.get_absolute_url()
    correct(article, TEXT.replace(" Claims from either side could not be verified.", ""))
    response, html = page(client, url)
    assert response.status_code == 410
    assert "Claims from either side could not be verified." in html
    assert "revision 1" in html
    assert f'href="{article.get_absolute_url()}"' in html
    # Never another sentence's words in its place.
    assert "Resistance forces said" not in html


def test_a_key_never_issued_is_404_not_410(article, client):
    assert client.get(f"/articles/{article.slug}/s/zzzzzzzz/").status_code == 404


def test_old_position_links_lead_to_the_sentence_that_had_the_position(article, client):
    sentence = at(article, "Claims from either side")
    position = sentence.position
    correct(article, "An inserted first line.\n\n" + TEXT)
    now_there = article.sentences.get(position=position)
    assert now_there.text != sentence.text  # the position means another sentence now
    response = client.get(f"/articles/{article.slug}/s/{position}/")
    assert response.status_code == 301
    assert response["Location"] == f"/articles/{article.slug}/s/{sentence.key}/"
    assert "Claims from either side" in client.get(response["Location"]).content.decode()


def test_a_moved_paragraph_keeps_its_addresses(article, client):
    talks = at(article, "Talks were expected")
    moved = TEXT.replace("\n\nTalks were expected later in the week.\n", "\n")
    moved = moved.replace("besieged\n\n", "besieged\n\nTalks were expected later in the week.\n\n")
    correct(article, moved)
    assert at(article, "Talks were expected").key == talks.key


def test_desk_split_keeps_the_address_with_the_larger_part_and_says_so(article, client):
    whole = at(article, "The Taliban said")
    url = whole.get_absolute_url()
    cut = whole.text.index("that their")
    left, right = sentence_split(sentence=whole, at=cut)
    assert right.key == whole.key and left.key != whole.key  # the right part is larger
    response, html = page(client, url)
    assert response.status_code == 200
    assert "that their fighters had surrounded the valley." in html
    assert "Split in two" in html and whole.text in html


def test_desk_merge_leaves_both_addresses_on_the_merged_sentence(article, client):
    first, second = at(article, "The Taliban said"), at(article, "Resistance forces")
    merged = sentence_merge(sentence=first)
    for old in (first, second):
        response, html = page(client, f"/articles/{article.slug}/s/{old.key}/")
        assert response.status_code == 200
        assert merged.text in html and old.text in html
    assert merged.key == first.key


def test_a_kind_change_keeps_the_address(article):
    sentence = at(article, "Talks were expected")
    sentences_kind_set(sentences=Sentence.objects.filter(pk=sentence.pk), kind="caption")
    sentence.refresh_from_db()
    assert sentence.kind == "caption" and Sentence.objects.get(key=sentence.key) == sentence
    assert not SentenceAddress.objects.exists()


def test_correction_never_gives_a_retired_key_to_new_words(article):
    gone = at(article, "Claims from either side")
    correct(article, TEXT.replace(" Claims from either side could not be verified.", ""))
    correct(article, TEXT.replace("Claims from either side", "Neither side's claims"))
    assert not article.sentences.filter(key=gone.key).exclude(text=gone.text).exists()
