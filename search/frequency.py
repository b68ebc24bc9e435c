"""How many sentences hold a word: counted in the FTS5 index on SQLite, estimated from the
planner's statistics on PostgreSQL, where counting would read every matching row. The
suggestions use it to tell common words from rare ones, the search to see when the planner's
guess at a phrase will be far too low.
"""

from __future__ import annotations

from django.db import connection


def sqlite_counts(words: list[str], *, up_to: int) -> dict[str, float]:
    """How many sentences hold each word, counted in the FTS5 index up to `up_to` + 1."""
    one = (
        "SELECT count(*) FROM (SELECT 1 FROM search_sentence_fts "
        f"WHERE search_sentence_fts MATCH %s LIMIT {up_to + 1})"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"({one})" for _ in words), [f'"{w}"' for w in words])
        return dict(zip(words, cursor.fetchone(), strict=True))


def pg_estimates(words: list[str]) -> dict[str, float]:
    """How many sentences hold each word, as ANALYZE last measured it (no row is read).

    Counting in the GIN index means visiting every matching row in the table: at a million
    sentences, 65 ms for one sentence's words. pg_stats keeps the share of sentences holding
    each of the commonest lexemes (search.schema.PG_VECTOR_STATISTICS); a word not among
    them (or any word, before the first ANALYZE) counts as rare. A word the dictionary drops
    (a stopword) holds no sentence.
    """
    sql = """
        WITH stats AS (
            SELECT most_common_elems::text::text[] AS lexemes, most_common_elem_freqs AS shares
            FROM pg_stats WHERE schemaname = current_schema()
            AND tablename = 'articles_sentence' AND attname = 'search_vector'
        )
        SELECT w.word, l.lexeme IS NOT NULL,
               shares[array_position(lexemes, l.lexeme)],
               (SELECT greatest(reltuples, 0) FROM pg_class
                WHERE oid = 'articles_sentence'::regclass)
        FROM unnest(%s::text[]) AS w(word)
        CROSS JOIN LATERAL (
            SELECT min(v.lexeme) AS lexeme FROM unnest(to_tsvector('english', w.word)) AS v
        ) AS l
        LEFT JOIN stats ON true
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [words])
        rows = cursor.fetchall()
    # A listed lexeme's share of the sentences; an unlisted one is rarer than any listed,
    # and the annotated sentence itself holds it: one.
    return {
        word: (max(share * sentences, 1.0) if share is not None else 1.0) if indexed else 0.0
        for word, indexed, share, sentences in rows
    }
