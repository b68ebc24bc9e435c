"""A parsed query written for the index: with the other spellings of its words that the
index holds, as an FTS5 MATCH expression (SQLite) or as to_tsquery() input (PostgreSQL).

The words come from search.syntax (letters and digits only) and are quoted here, so the only
operators in an expression are the ones written here, never one a reader typed.
"""

from __future__ import annotations

from django.db import connection

from search.syntax import Query, Term, near_spelling, skeleton

VARIANTS_PER_WORD = 6


def _quoted(term: Term) -> str:
    # Words are letters and digits only (search.syntax), so a quoted FTS5 string is literal.
    return '"' + " ".join(term.words) + '"'


def _alternatives_fts5(query: Query, term: Term) -> list[str]:
    if term.is_phrase:
        return [_quoted(term)]
    return [_quoted(Term((word,))) for word in query.alternatives(term)]


def fts5_expression(query: Query) -> str:
    """The query as an FTS5 MATCH expression in which every word is a quoted string."""
    groups = [
        "(" + " OR ".join(alt for term in group for alt in _alternatives_fts5(query, term)) + ")"
        for group in query.groups
    ]
    expression = " AND ".join(groups)
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(_quoted(t) for t in query.excluded)})"
    return expression


def tsquery_term(term: Term) -> str:
    """A term as to_tsquery() input: its quoted lexemes, each followed by the next."""
    # Quoted lexemes; the words hold no quote, backslash or operator (search.syntax).
    return "(" + " <-> ".join(f"'{word}'" for word in term.words) + ")"


def tsquery_expression(query: Query) -> str:
    """The query as to_tsquery() input (the dictionary still stems each quoted word)."""
    groups = []
    for group in query.groups:
        alternatives = []
        for term in group:
            if term.is_phrase:
                alternatives.append(tsquery_term(term))
            else:
                alternatives += [tsquery_term(Term((w,))) for w in query.alternatives(term)]
        groups.append("(" + " | ".join(alternatives) + ")")
    expression = " & ".join(groups)
    if query.excluded:
        expression = f"({expression}) & !({' | '.join(tsquery_term(t) for t in query.excluded)})"
    return expression


def with_variants(query: Query) -> Query:
    """The query with other spellings of its longer words that the index holds (one query)."""
    typed = sorted(set(query.variant_candidates()))
    if not typed:
        return query
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The trigram GIN index (pg_trgm) finds the similar words; near_spelling decides.
            cursor.execute(
                "SELECT t.typed, w.word FROM unnest(%s::text[]) AS t(typed) "
                "JOIN search_word w ON w.word %% t.typed",
                [typed],
            )
            pairs = cursor.fetchall()
        else:
            skeletons = {skeleton(w): w for w in typed}
            marks = ", ".join(["%s"] * len(skeletons))
            cursor.execute(
                f"SELECT skeleton, word FROM search_word WHERE skeleton IN ({marks})",
                list(skeletons),
            )
            by_skeleton: dict[str, list[str]] = {}
            for key, word in cursor.fetchall():
                by_skeleton.setdefault(key, []).append(word)
            pairs = [(w, c) for w in typed for c in by_skeleton.get(skeleton(w), ())]
    variants: dict[str, list[str]] = {}
    for word, candidate in pairs:
        if near_spelling(word, candidate):
            variants.setdefault(word, []).append(candidate)
    chosen = {w: tuple(sorted(c)[:VARIANTS_PER_WORD]) for w, c in variants.items()}
    return Query(query.groups, query.excluded, chosen)
