"""The note form's two uses of the index: the evidence picker's search, and the sentences of
other articles that bear on the one being annotated, marked where they are not independent.

A suggestion is ranked by how much of the sentence's weighted vocabulary it shares (the
index's own relevance score, relative to the sentence's score against itself), and raised
when editors already tie the two together: the candidate's note cites this sentence, some
note cites both, or both back the same timeline event.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from articles.models import Article, Sentence, SentenceKind
from notes.evidence_search import Suggestion
from notes.models import Evidence
from search.engine import Filters, Results, _Dialect
from search.expressions import with_variants
from search.frequency import pg_estimates, sqlite_counts
from search.syntax import STOPWORDS, Query, Term, parse, words_of
from timeline.models import EventEvidence

SIMILAR_WORDS = 40
CANDIDATES = 40
# A word in more sentences than this does not tell them apart (see _telling).
COMMON_DF = 5000
FALLBACK_WORDS = 4
# Sentences ranked per suggestion: the latest that share a telling word.
RANKED = 2000
# Kinds of sentence that make claims; datelines and bylines say only when and who.
CLAIM_KINDS = (SentenceKind.HEADLINE, SentenceKind.BODY, SentenceKind.CAPTION)
# How editors may already tie a sentence to this one, as the note form says it, and what
# each tie adds to the 0–1 text similarity when ranking.
CITES_THIS_WHY = "its note cites this sentence"
CITED_BESIDE_WHY = "cited beside this sentence"
SAME_EVENT_WHY = "backs the same timeline event"
TIE_WEIGHTS = {CITES_THIS_WHY: 0.6, CITED_BESIDE_WHY: 0.3, SAME_EVENT_WHY: 0.3}


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


def _telling(words: list[str], dialect_sqlite: bool) -> list[str]:
    """The words that tell sentences apart: those in at most COMMON_DF sentences (one query).

    A word in half the corpus says little about similarity and would make every sentence a
    candidate; when every word is that common, the least common few are kept.
    """
    counts = sqlite_counts(words, up_to=COMMON_DF) if dialect_sqlite else pg_estimates(words)
    telling = [w for w in words if 0 < counts[w] <= COMMON_DF]
    if telling:
        return telling
    present = sorted((n, w) for w, n in counts.items() if n)
    return [w for _, w in present[:FALLBACK_WORDS]]


def _scores(sentence: Sentence, query: Query, also: set[int]) -> tuple[float, dict[int, float]]:
    """The sentence's score against itself (the most any sentence can share with it), and
    the best-scoring sentences of other articles plus those in `also`.

    Only the latest RANKED sentences sharing a telling word are ranked, so the cost stays
    flat as the corpus grows.
    """
    dialect = _Dialect(query)
    words = _telling([t.words[0] for t in query.groups[0]], dialect.sqlite)
    if not words:
        return 0.0, {}
    dialect = _Dialect(Query((tuple(Term((w,)) for w in words),), variants=query.variants))
    index = "search_sentence_fts"
    kinds = ", ".join(["%s"] * len(CLAIM_KINDS))
    if dialect.sqlite:
        base = f"FROM {index} JOIN articles_sentence s ON s.id = {index}.rowid"
        match = f"{index} MATCH %s"
        own_sql = f"SELECT -bm25({index}) {base} WHERE {match} AND s.id = %s"
        best_sql = (
            f"SELECT id, score FROM (SELECT s.id AS id, -bm25({index}) AS score {base} "
            f"WHERE {match} AND s.article_id <> %s AND s.kind IN ({kinds}) "
            f"ORDER BY {index}.rowid DESC LIMIT {RANKED}) ORDER BY score DESC, id LIMIT "
            f"{CANDIDATES}"
        )
        also_sql = f"SELECT s.id, -bm25({index}) {base} WHERE {match} AND s.id IN "
        rank_params: list = []
    else:
        rank = "ts_rank(v, to_tsquery('english', %s))"
        match = "s.search_vector @@ to_tsquery('english', %s)"
        own_sql = f"SELECT {rank} FROM (SELECT s.search_vector AS v FROM articles_sentence s "
        own_sql += f"WHERE {match} AND s.id = %s) c"
        best_sql = (
            f"SELECT id, {rank} AS score FROM (SELECT s.id AS id, s.search_vector AS v "
            f"FROM articles_sentence s WHERE {match} AND s.article_id <> %s "
            f"AND s.kind IN ({kinds}) ORDER BY s.id DESC LIMIT {RANKED}) c "
            f"ORDER BY score DESC, id LIMIT {CANDIDATES}"
        )
        also_sql = (
            f"SELECT id, {rank} FROM (SELECT s.id AS id, s.search_vector AS v "
            f"FROM articles_sentence s WHERE {match} AND s.id IN "
        )
        rank_params = [dialect.match]
    with connection.cursor() as cursor:
        cursor.execute(own_sql, [*rank_params, dialect.match, sentence.pk])
        row = cursor.fetchone()
        own = row[0] if row else 0.0
        cursor.execute(best_sql, [*rank_params, dialect.match, sentence.article_id, *CLAIM_KINDS])
        scores = dict(cursor.fetchall())
        missing = sorted(also - set(scores))
        if missing:
            marks = "(" + ", ".join(["%s"] * len(missing)) + ")"
            tail = marks if dialect.sqlite else marks + ") c"
            cursor.execute(also_sql + tail, [*rank_params, dialect.match, *missing])
            scores.update(cursor.fetchall())
    return own, scores


def _ties(sentence: Sentence) -> dict[int, list[str]]:
    """Sentences of other articles that editors already tie to this one, with how (three
    queries): through a note's evidence, or as evidence of the same timeline event."""
    ties: dict[int, list[str]] = {}
    citing = Evidence.objects.filter(sentence=sentence, note__sentence__isnull=False).exclude(
        note__sentence__article_id=sentence.article_id
    )
    for pk in citing.values_list("note__sentence_id", flat=True):
        ties.setdefault(pk, []).append(CITES_THIS_WHY)
    beside = (
        Evidence.objects.filter(note__evidence__sentence=sentence, sentence__isnull=False)
        .exclude(note__sentence=sentence)
        .exclude(sentence__article_id=sentence.article_id)
    )
    for pk in beside.values_list("sentence_id", flat=True).distinct():
        ties.setdefault(pk, []).append(CITED_BESIDE_WHY)
    events = EventEvidence.objects.filter(sentence=sentence).values("event_id")
    same_event = (
        EventEvidence.objects.filter(event_id__in=events, sentence__isnull=False)
        .exclude(sentence__article_id=sentence.article_id)
        .values_list("sentence_id", flat=True)
        .distinct()
    )
    for pk in same_event:
        ties.setdefault(pk, []).append(SAME_EVENT_WHY)
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
        return similarity[pk] + sum(w for why, w in TIE_WEIGHTS.items() if why in how)

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
