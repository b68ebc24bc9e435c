"""Running a parsed query against the index: one SQL shape, two dialects (FTS5, tsvector).

Sentence hits and note hits are ranked together (UNION ALL), a page at a time; the page's
sentences and notes are then loaded through their QuerySets, so a results page costs the same
number of queries whatever the corpus or the query. The query itself is written for each
dialect in search.expressions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from articles.models import Article, Outlet, SentenceKind
from notes.models import Claimant, Status
from search.expressions import fts5_expression, tsquery_expression, tsquery_term
from search.frequency import pg_estimates
from search.hits import NOTE, SENTENCE, Hit, hits_load
from search.syntax import Query, Term

NOTE_KIND = "note"
# Hits ranked per kind and query: past this many, the latest are ranked (see Results).
CANDIDATES = 1000
# PostgreSQL: an expression of several words, each in at least COMMON_ROWS sentences, is
# looked for first among the latest WINDOW rows, read in order (see _Dialect.branch).
COMMON_ROWS = 20 * CANDIDATES
WINDOW = 50_000


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to; every part optional, all combined."""

    article: Article | None = None
    outlet: Outlet | None = None
    claimant: Claimant | None = None
    credibility: int | None = None
    kinds: tuple[str, ...] = ()  # sentence kinds and/or "note"; empty: all but page chrome
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def sentence_kinds(self) -> tuple[str, ...] | None:
        """The sentence kinds asked for; None when sentences are not searched at all."""
        if not self.kinds:
            return tuple(k for k in SentenceKind.values if k != SentenceKind.CHROME)
        chosen = tuple(k for k in self.kinds if k != NOTE_KIND)
        return chosen or None

    def notes_searched(self) -> bool:
        return not self.kinds or NOTE_KIND in self.kinds

    def reads_articles(self) -> bool:
        """Whether a filter is on the article's own columns (its outlet, its date)."""
        return any(v is not None for v in (self.outlet, self.date_from, self.date_to))


# --- ranked ids, a page at a time ----------------------------------------------------------


def _filter_sql(filters: Filters, *, note_alias: str | None) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if filters.article is not None:
        where.append("s.article_id = %s")
        params.append(filters.article.pk)
    if filters.outlet is not None:
        where.append("a.outlet_id = %s")
        params.append(filters.outlet.pk)
    if filters.date_from is not None:
        where.append("a.published >= %s")
        params.append(filters.date_from)
    if filters.date_to is not None:
        where.append("a.published <= %s")
        params.append(filters.date_to)
    if note_alias is not None:
        if filters.claimant is not None:
            where.append(f"{note_alias}.claimant_id = %s")
            params.append(filters.claimant.pk)
        if filters.credibility is not None:
            where.append(f"{note_alias}.credibility = %s")
            params.append(filters.credibility)
    return where, params


def _note_filtered(filters: Filters) -> bool:
    return filters.claimant is not None or filters.credibility is not None


class _Dialect:
    """The few places where FTS5 and PostgreSQL full-text search differ."""

    def __init__(self, query: Query):
        self.sqlite = connection.vendor != "postgresql"
        self.match = fts5_expression(query) if self.sqlite else tsquery_expression(query)
        phrase = query.as_phrase()
        self.phrase: str | None = None
        self.rest: str | None = None
        self.one_phrase = len(query.groups) == 1 and len(query.groups[0]) == 1
        self.one_phrase = self.one_phrase and query.groups[0][0].is_phrase
        self.common: set[str] = set()
        if not self.sqlite:
            self.common = self._common(query, phrase)
        if phrase is not None:
            # Several plain words: those standing together as typed rank first, as a phrase.
            if self.sqlite:
                self.phrase = fts5_expression(Query(((phrase,),)))
                self.rest = f"({self.match}) NOT ({self.phrase})"
            else:
                self.phrase = tsquery_term(phrase)
                self.rest = f"({self.match}) & !({self.phrase})"
                if self.match in self.common:
                    self.common.add(self.rest)

    def _common(self, query: Query, phrase: Term | None) -> set[str]:
        """The expressions (of several words) whose every part is in COMMON_ROWS sentences or
        more, by the planner's statistics: those the planner will guess far too rare."""
        words = {w for group in query.groups for term in group for w in term.words}
        if not words or (len(query.groups) == 1 and not query.groups[0][0].is_phrase):
            return set()  # one word, or words OR'ed: the planner's own estimate holds
        held = {w: n for w, n in pg_estimates(sorted(words)).items() if n}

        def frequent(term: Term) -> bool:
            counts = [held[w] for w in term.words if w in held]
            return bool(counts) and min(counts) >= COMMON_ROWS

        common = set()
        if all(any(frequent(term) for term in group) for group in query.groups):
            common.add(self.match)
        if phrase is not None and frequent(phrase):
            common.add(tsquery_term(phrase))
        return common

    def matches(self) -> list[tuple[str, int, bool]]:
        """(expression, boost, whether it is one phrase alone) triples that together find
        each hit once."""
        if self.phrase is None:
            return [(self.match, 0, self.one_phrase)]
        return [(self.phrase, 1, True), (self.rest, 0, False)]

    def branch(
        self, kind: int, filters: Filters, *, match: str, boost: int = 0, one_phrase: bool = False
    ) -> tuple[str, list]:
        """One kind of hit (sentences or notes) for one expression, at most CANDIDATES + 1 of
        them: the latest stored, so a word in half the corpus costs what a rarer one does (the
        one more says there are more).

        On SQLite an expression that is one phrase alone is ranked by the text's length: every
        hit holds the phrase, so bm25 would order them by length (and repeats) anyway, and
        FTS5's bm25 first finds every row holding a phrase to weigh it: 16 ms for a phrase in
        79,000 sentences, however few are ranked."""
        sentence = kind == SENTENCE
        table, index = ("s", "search_sentence_fts") if sentence else ("n", "search_note_fts")
        # Joined only when a filter reads them: a join PostgreSQL cannot drop costs one index
        # probe per candidate, a millisecond of every page.
        joins = ["articles_sentence s"] if sentence else ["articles_note n"]
        if not sentence and (filters.article is not None or filters.reads_articles()):
            joins.append("JOIN articles_sentence s ON s.id = n.sentence_id")
        if filters.reads_articles():
            joins.append("JOIN articles_article a ON a.id = s.article_id")
        join_params: list = []
        if self.sqlite:
            joins[0] = f"{index} JOIN {joins[0]} ON {table}.id = {index}.rowid"
            where = [f"{index} MATCH %s"]
            order = f"{index}.rowid DESC"
        else:
            where = [f"{table}.search_vector @@ to_tsquery('english', %s)"]
            order = f"{table}.id DESC"
        where_params: list = [match]
        if sentence:
            kinds = filters.sentence_kinds() or ()
            where.append(f"s.kind IN ({', '.join(['%s'] * len(kinds))})")
            where_params += kinds
            note_alias = None
            if _note_filtered(filters):
                joins.append("JOIN articles_note sn ON sn.sentence_id = s.id AND sn.status = %s")
                join_params.append(Status.PUBLISHED)
                note_alias = "sn"
        else:
            where.append("n.status = %s")
            where_params.append(Status.PUBLISHED)
            note_alias = "n"
        more, more_params = _filter_sql(filters, note_alias=note_alias)
        where += more
        where_params += more_params
        body = f"FROM {' '.join(joins)} WHERE {' AND '.join(where)} ORDER BY {order} "
        params = join_params + where_params
        limit = CANDIDATES + 1
        if self.sqlite:
            column = "s.text" if sentence else "n.body"
            score = f"1.0 / (1 + length({column}))" if one_phrase else f"-bm25({index})"
            inner = (
                f"SELECT {kind} AS kind, {table}.id AS id, {score} AS score, "
                f"{boost} AS boost {body} LIMIT {limit}"
            )
            return f"SELECT kind, id, score, boost FROM ({inner}) c{kind}{boost}", params
        # ts_rank outside the LIMIT, so only the candidates are ranked.
        if sentence and match in self.common:  # the statistics are the sentences'
            inner, params = self._latest_first(joins, where, params, limit)
        else:
            inner = f"SELECT {table}.id AS id, {table}.search_vector AS vector {body} LIMIT {limit}"
        return (
            f"SELECT {kind} AS kind, id, ts_rank(vector, to_tsquery('english', %s)) AS score, "
            f"{boost} AS boost FROM ({inner}) c{kind}{boost}",
            [match, *params],
        )

    @staticmethod
    def _latest_first(
        joins: list[str], where: list[str], params: list, limit: int
    ) -> tuple[str, list]:
        """PostgreSQL, sentences, several common words: the latest WINDOW sentences read in
        order until `limit` match, and the older ones, through the index, only if they were not
        enough.

        The planner multiplies the words' frequencies as if they were independent: it put
        "blocked the road", in 79,356 of a million sentences, at 6,185, and so collected every
        match through the GIN index and sorted them (207–550 ms) rather than read the latest
        rows until 1,001 matched (10 ms). The window is a subquery with its own ORDER BY and
        LIMIT, so it is read in order from the primary key and stops at the last match needed.

        The same guess, the other way, sank words that are common apart but rare together
        ("taliban valley": 282 in the window): for the older rows the planner walked the
        primary key backwards through the whole table, expecting a match every few hundred
        rows (95–345 ms a branch). Fewer than `limit` in the window means they are rare, so
        the older rows are taken from the GIN index alone and sorted (`id + 0` is neither the
        key's order nor a range the planner would AND with the index, a 950,000-row bitmap:
        14–27 ms). The window is bounded by id, the newest id less WINDOW, which is
        one index lookup where counting WINDOW rows back was 20 ms; ids are unique, so the
        window holds at most WINDOW rows and the two parts never overlap.
        """
        columns = "id, search_vector, kind, article_id"
        floor = f"(SELECT max(id) - {WINDOW} FROM articles_sentence)"
        latest = (
            f"(SELECT {columns} FROM articles_sentence WHERE id > {floor} "
            f"ORDER BY id DESC LIMIT {WINDOW}) s"
        )
        conditions = " AND ".join(where)
        rest = " ".join(joins[1:])
        recent = (
            f"SELECT s.id AS id, s.search_vector AS vector FROM {latest} {rest} "
            f"WHERE {conditions} ORDER BY s.id DESC LIMIT {limit}"
        )
        older = (
            f"SELECT s.id AS id, s.search_vector AS vector FROM {' '.join(joins)} "
            f"WHERE {conditions} AND s.id + 0 <= {floor} ORDER BY s.id + 0 DESC LIMIT {limit}"
        )
        sql = (
            f"WITH r AS MATERIALIZED ({recent}) SELECT id, vector FROM (SELECT * FROM r "
            f"UNION ALL SELECT * FROM ({older}) o WHERE (SELECT count(*) FROM r) < {limit}) u "
            f"ORDER BY id DESC LIMIT {limit}"
        )
        return sql, [*params, *params]


class Results:
    """The ranked hits of a query, sliceable and countable (a Paginator's object list).

    A query matching more than CANDIDATES sentences (or notes) ranks the latest CANDIDATES
    of them and counts no further (`capped`): the cost of a page stays flat as the corpus
    grows, and a reader narrows the search with a filter or another word.
    """

    def __init__(self, query: Query, filters: Filters):
        self.query = query
        self.filters = filters
        self.dialect = _Dialect(query)
        self.kinds = [
            kind
            for kind, wanted in (
                (SENTENCE, filters.sentence_kinds() is not None),
                (NOTE, filters.notes_searched()),
            )
            if wanted
        ]
        self._ranking: list[tuple[int, int]] | None = None
        self.capped = False

    def ranking(self) -> list[tuple[int, int]]:
        """(kind, id) of every ranked hit in rank order: an exact phrase first, then by
        relevance. One query ranks and counts them, read once per page."""
        if self._ranking is None:
            self._ranking = self._rank() if self.query and self.kinds else []
        return self._ranking

    def _rank(self) -> list[tuple[int, int]]:
        parts = [
            self.dialect.branch(k, self.filters, match=match, boost=boost, one_phrase=one)
            for k in self.kinds
            for match, boost, one in self.dialect.matches()
        ]
        sql = (
            " UNION ALL ".join(sql for sql, _ in parts)
            + " ORDER BY boost DESC, score DESC, kind, id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for _, params in parts for v in params])
            rows = cursor.fetchall()
        # A branch that brought CANDIDATES + 1 rows has more: its oldest row only said so.
        branches: dict[tuple[int, int], list[int]] = {}
        for kind, id_, _, boost in rows:
            branches.setdefault((kind, boost), []).append(id_)
        beyond = {(kind, min(ids)) for (kind, _), ids in branches.items() if len(ids) > CANDIDATES}
        self.capped = bool(beyond)
        return [(kind, id_) for kind, id_, _, _ in rows if (kind, id_) not in beyond]

    def count(self) -> int:
        return len(self.ranking())

    def __len__(self) -> int:
        return self.count()

    def ranked_ids(self, offset: int, limit: int) -> list[tuple[int, int]]:
        return self.ranking()[offset : offset + limit]

    def __getitem__(self, window: slice) -> list[Hit]:
        start, stop = window.start or 0, window.stop
        return hits_load(self.ranked_ids(start, stop - start), self.dialect)
