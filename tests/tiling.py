"""The invariant every path into the database must keep: sentence spans tile the text."""

from __future__ import annotations

from articles.models import Article


def assert_sentences_tile(article: Article) -> None:
    """Positions run 1..n; each span is its text; only whitespace lies between spans."""
    article.refresh_from_db()
    sentences = list(article.sentences.order_by("position"))
    assert [s.position for s in sentences] == list(range(1, len(sentences) + 1))
    cursor = 0
    for sentence in sentences:
        assert sentence.start >= cursor, sentence
        assert article.text[cursor : sentence.start].strip() == "", sentence
        assert sentence.end > sentence.start
        assert article.text[sentence.start : sentence.end] == sentence.text, sentence
        assert sentence.text == sentence.text.strip(), sentence
        cursor = sentence.end
    assert article.text[cursor:].strip() == ""
