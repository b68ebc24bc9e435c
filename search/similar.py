"""The note form's two uses of the index: the evidence picker's search, and the sentences of
other articles that bear on the one being annotated, marked where they are not independent.

A suggestion is ranked by how much of the sentence's weighted vocabulary it shares (the
index's own relevance score, relative to the sentence's score against itself), and raised
when other notes already tie the two together: the candidate's note cites this sentence, or
some note cites both.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from articles.evidence_search import Suggestion
from articles.models import Article, Evidence, Sentence, SentenceKind
from search.engine import Filters, Results, _Dialect, with_variants
from search.syntax import STOPWORDS, Query, Term, parse, words_of

SIMILAR_WORDS = 40
CANDIDATES = 40
# Kinds of sentence that make claims; datelines and bylines say only when and who.
CLAIM_KINDS = (SentenceKind.HEADLINE, SentenceKind.BODY, SentenceKind.CAPTION)
# What an existing tie adds to the 0–1 text similarity when ranking.
CITES_THIS = 0.6
CITED_BESIDE = 0.3


def evidence_find(*, query: str, exclude: Sequence[int], limit: int) -> list[Sentence]:
    """The evidence picker: the search page's ranking over every article's sentences."""
    parsed = parse(query)
    if not parsed:
        return []
    results = Results(with_variants(parsed), Filters(kinds=_reading_kinds()))
    # Over-fetch by what is excluded, so excluding cited sentences never empties a page.
    left_out = set(exclude)
    found = [hit.sentence for hit in results[0 : limit + len(left_out)]]
    return [s for s in found if s.pk not in left_out][:limit]


def _reading_kinds() -> tuple[str, ...]:
    return tuple(k for k in SentenceKind.values if k != SentenceKind.CHROME)


def _similar_query(sentence: Sentence) -> Query:
    """Any of the sentence's telling words: the index's ranking weighs the rare ones up."""
    seen: dict[str, None] = {}
    for word in words_of(sentence.text):
        if word not in STOPWORDS and (len(word) > 2 or word.isdigit()):
            seen.setdefault(word)
    chosen = sorted(seen, key=len, reverse=True)[:SIMILAR_WORDS]
    return Query((tuple(Term((w,)) for w in chosen),)) if chosen else Query()


def _scores(sentence: Sentence, query: Query, also: set[int]) -> tuple[float, dict[int, float]]:
    """The sentence's score against itself (the most any sentence can share with it), and
    the best-scoring sentences of other articles plus those in `also`; three queries."""
    dialect = _Dialect(query)
    index = "search_sentence_fts"
    if dialect.sqlite:
        score, match = f"-bm25({index})", f"{index} MATCH %s"
        base = f"FROM {index} JOIN articles_sentence s ON s.id = {index}.rowid"
        params: list = [dialect.match]
    else:
        score = "ts_rank(s.search_vector, to_tsquery('english', %s))"
        match = "s.search_vector @@ to_tsquery('english', %s)"
        base = "FROM articles_sentence s"
        params = [dialect.match, dialect.match]
    kinds = ", ".join(["%s"] * len(CLAIM_KINDS))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {score} {base} WHERE {match} AND s.id = %s", [*params, sentence.pk])
        row = cursor.fetchone()
        own = row[0] if row else 0.0
        cursor.execute(
            f"SELECT s.id, {score} AS score {base} WHERE {match} AND s.article_id <> %s "
            f"AND s.kind IN ({kinds}) ORDER BY score DESC, s.id LIMIT {CANDIDATES}",
            [*params, sentence.article_id, *CLAIM_KINDS],
        )
        scores = dict(cursor.fetchall())
        missing = sorted(also - set(scores))
        if missing:
            marks = ", ".join(["%s"] * len(missing))
            cursor.execute(
                f"SELECT s.id, {score} {base} WHERE {match} AND s.id IN ({marks})",
                [*params, *missing],
            )
            scores.update(cursor.fetchall())
    return own, scores


def _ties(sentence: Sentence) -> dict[int, list[str]]:
    """Sentences of other articles that notes already tie to this one, with how (two queries)."""
    ties: dict[int, list[str]] = {}
    citing = Evidence.objects.filter(sentence=sentence, note__sentence__isnull=False).exclude(
        note__sentence__article_id=sentence.article_id
    )
    for pk in citing.values_list("note__sentence_id", flat=True):
        ties.setdefault(pk, []).append("its note cites this sentence")
    beside = (
        Evidence.objects.filter(note__evidence__sentence=sentence, sentence__isnull=False)
        .exclude(note__sentence=sentence)
        .exclude(sentence__article_id=sentence.article_id)
    )
    for pk in beside.values_list("sentence_id", flat=True).distinct():
        ties.setdefault(pk, []).append("cited beside this sentence")
    return ties


def not_independent(annotated: Article, other: Article) -> list[str]:
    """Why `other` is not an independent source for `annotated`; empty if it is."""
    reasons = []
    if annotated.outlet_id == other.outlet_id:
        reasons.append(f"same outlet ({other.outlet.name})")
    if annotated.wire and other.wire and annotated.wire.casefold() == other.wire.casefold():
        reasons.append(f"same wire agency ({other.wire})")
    if any(f.attname == "copy_of_id" for f in Article._meta.concrete_fields):
        # Article.copy_of: one report re-published as another (added by the copies work).
        ours, theirs = annotated.copy_of_id, other.copy_of_id
        if ours == other.pk or theirs == annotated.pk or (ours and ours == theirs):
            reasons.append("a copy of the same report")
    return reasons


def suggestions_for(*, sentence: Sentence, limit: int = 5) -> list[Suggestion]:
    """The `limit` sentences of other articles that most bear on `sentence`."""
    query = with_variants(_similar_query(sentence))
    ties = _ties(sentence)
    if not query and not ties:
        return []
    own, scores = _scores(sentence, query, set(ties)) if query else (0.0, {})
    best = max([own, *scores.values()]) or 1.0
    similarity = {pk: min(max(scores.get(pk, 0.0), 0.0) / best, 1.0) for pk in {*scores, *ties}}

    def weight(pk: int) -> float:
        how = ties.get(pk, [])
        return (
            similarity[pk]
            + CITES_THIS * (len(how) > 0 and how[0].startswith("its"))
            + (CITED_BESIDE * any(w.startswith("cited") for w in how))
        )

    ranked = sorted(similarity, key=lambda pk: (-weight(pk), pk))[:limit]
    found = (
        Sentence.objects.select_related("article__outlet").defer("article__text").in_bulk(ranked)
    )
    annotated = sentence.article
    return [
        Suggestion(
            sentence=found[pk],
            similarity=similarity[pk],
            not_independent=not_independent(annotated, found[pk].article),
            linked=ties.get(pk, []),
        )
        for pk in ranked
        if pk in found and found[pk].kind != SentenceKind.CHROME
    ]
