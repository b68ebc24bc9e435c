"""The note form's two uses of the index: the evidence picker's search, and the sentences of
other articles most like the one being annotated, marked where they are not independent."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from articles.evidence_search import Suggestion
from articles.models import Article, Sentence, SentenceKind
from search.engine import SENTENCE, Filters, Results, _Dialect, with_variants
from search.syntax import STOPWORDS, Query, Term, parse, words_of

# Words of the annotated sentence put to the index; the longest carry the most meaning.
SIMILAR_WORDS = 16
CANDIDATES = 40


def evidence_find(*, query: str, exclude: Sequence[int], limit: int) -> list[Sentence]:
    """The evidence picker: the search page's ranking over every article's sentences."""
    parsed = parse(query)
    if not parsed:
        return []
    results = Results(with_variants(parsed), Filters(kinds=_reading_kinds()))
    # Over-fetch by what is excluded, so excluding cited sentences never empties a page.
    hits = results[0 : limit + len(exclude)]
    found = [hit.sentence for hit in hits if hit.sentence.pk not in set(exclude)]
    return found[:limit]


def _reading_kinds() -> tuple[str, ...]:
    return tuple(k for k in SentenceKind.values if k != SentenceKind.CHROME)


def _similar_query(sentence: Sentence) -> Query:
    """Any of the sentence's telling words: the index's ranking weighs the rare ones up."""
    seen: dict[str, None] = {}
    for word in words_of(sentence.text):
        if word not in STOPWORDS and len(word) > 2 and not word.isdigit():
            seen.setdefault(word)
    chosen = sorted(seen, key=len, reverse=True)[:SIMILAR_WORDS]
    return Query((tuple(Term((w,)) for w in chosen),)) if chosen else Query()


def _ranked(sentence: Sentence, query: Query) -> tuple[float, list[tuple[int, float]]]:
    """The sentence's own score (the most any sentence can share with it) and the best
    candidates of other articles, in one query each."""
    dialect = _Dialect(query)
    index = "search_sentence_fts"
    if dialect.sqlite:
        score, match = f"-bm25({index})", f"{index} MATCH %s"
        base = f"FROM {index} JOIN articles_sentence s ON s.id = {index}.rowid"
        score_params: list = []
    else:
        score = "ts_rank(s.search_vector, to_tsquery('english', %s))"
        match = "s.search_vector @@ to_tsquery('english', %s)"
        base = "FROM articles_sentence s"
        score_params = [dialect.match]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {score} {base} WHERE {match} AND s.id = %s",
            [*score_params, dialect.match, sentence.pk],
        )
        row = cursor.fetchone()
        own = row[0] if row else 0.0
        cursor.execute(
            f"SELECT s.id, {score} AS score {base} WHERE {match} AND s.article_id <> %s "
            f"AND s.kind <> %s ORDER BY score DESC, s.id LIMIT {CANDIDATES}",
            [*score_params, dialect.match, sentence.article_id, SentenceKind.CHROME],
        )
        return own, cursor.fetchall()


def not_independent(annotated: Article, other: Article) -> list[str]:
    """Why `other` is not an independent source for `annotated`; empty if it is."""
    reasons = []
    if annotated.outlet_id == other.outlet_id:
        reasons.append(f"same outlet ({other.outlet.name})")
    if annotated.wire and other.wire and annotated.wire.casefold() == other.wire.casefold():
        reasons.append(f"same wire agency ({other.wire})")
    copy_of = {f.attname for f in Article._meta.concrete_fields} & {"copy_of_id"}
    if copy_of:  # Article.copy_of: one text re-published as another
        ours, theirs = annotated.copy_of_id, other.copy_of_id
        if ours == other.pk or theirs == annotated.pk or (ours and ours == theirs):
            reasons.append("a copy of the same report")
    return reasons


def suggestions_for(*, sentence: Sentence, limit: int = 5) -> list[Suggestion]:
    """The `limit` sentences of other articles most like `sentence`, with their similarity."""
    query = _similar_query(sentence)
    if not query:
        return []
    own, ranked = _ranked(sentence, query)
    if not ranked:
        return []
    top = ranked[:limit]
    found = (
        Sentence.objects.select_related("article__outlet")
        .defer("article__text")
        .in_bulk([pk for pk, _ in top])
    )
    annotated = sentence.article
    best = max(own, top[0][1]) or 1.0
    return [
        Suggestion(
            sentence=found[pk],
            similarity=min(score / best, 1.0),
            not_independent=not_independent(annotated, found[pk].article),
        )
        for pk, score in top
        if pk in found
    ]


__all__ = ["SENTENCE", "evidence_find", "suggestions_for", "not_independent"]
