"""The full-text index as database objects, kept current by the database itself.

SQLite: external-content FTS5 tables over the sentence and note tables, and triggers that
update them (and the word list) on every INSERT, UPDATE and DELETE. PostgreSQL: stored
generated `tsvector` columns with GIN indexes, a trigram GIN index on the word list, and
triggers that fill it. Either way every write path — import, correction, split, merge, note
save, a bulk load, the admin, raw SQL — updates the index in its own transaction, with no
call from the code that writes.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from search.syntax import vocabulary_json

# Porter stemming over Unicode words, accents folded: "Panjshiri" and "Panjshīrī" meet.
FTS5_TOKENIZE = "porter unicode61 remove_diacritics 2"
PG_CONFIG = "english"
# ANALYZE samples 300 rows per point of a column's statistics target and keeps a tsvector's
# commonest lexemes with the share of rows holding each (pg_stats.most_common_elems). At 300
# (the default is 100, whose list stopped anywhere between 0.08 % and 0.4 % of sentences from
# one ANALYZE to the next) the list reaches lexemes in 0.07 % of a million sentences, which is
# what lets the suggestions tell common words from rare ones without counting them
# (search.similar). At 1,000 the list held 9,600 lexemes, and reading it cost every
# suggestion 4 ms. ANALYZE of a million sentences takes about a second.
PG_VECTOR_STATISTICS = 300

# (index table, content table, indexed column, trigger name prefix)
SQLITE_INDEXES = [
    ("search_sentence_fts", "articles_sentence", "text", "search_sentence"),
    ("search_note_fts", "articles_note", "body", "search_note"),
]


def _words_json(text: str | None) -> str:
    return vocabulary_json(text or "")


def sqlite_functions_register(sender=None, connection: BaseDatabaseWrapper = None, **kwargs):
    """Give every SQLite connection `search_words(text)`, which the word-list triggers call."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function("search_words", 1, _words_json, deterministic=True)


def _sqlite_statements(index: str, table: str, column: str, prefix: str) -> dict[str, str]:
    words = (
        "INSERT OR IGNORE INTO search_word (word, skeleton) "
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
        f"FROM json_each(search_words(new.{column}));"
    )
    forget = (
        f"INSERT INTO {index} ({index}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    )
    learn = f"INSERT INTO {index} (rowid, {column}) VALUES (new.id, new.{column});"
    return {
        index: f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='{FTS5_TOKENIZE}')",
        f"{prefix}_ai": f"CREATE TRIGGER {prefix}_ai AFTER INSERT ON {table} BEGIN "
        f"{learn} {words} END",
        f"{prefix}_ad": f"CREATE TRIGGER {prefix}_ad AFTER DELETE ON {table} BEGIN {forget} END",
        f"{prefix}_au": f"CREATE TRIGGER {prefix}_au AFTER UPDATE OF {column} ON {table} BEGIN "
        f"{forget} {learn} {words} END",
    }


def _sqlite_ensure(connection: BaseDatabaseWrapper, *, rebuild: bool) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        built = False
        for index, table, column, prefix in SQLITE_INDEXES:
            statements = _sqlite_statements(index, table, column, prefix)
            missing = [sql for name, sql in statements.items() if name not in present]
            for sql in missing:
                cursor.execute(sql)
            if missing or rebuild:
                # Whatever was written while a trigger was missing is read again from the table.
                cursor.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")
                cursor.execute(
                    "INSERT OR IGNORE INTO search_word (word, skeleton) "
                    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                    f"FROM {table}, json_each(search_words({table}.{column}))"
                )
                built = True
    return built


def _pg_statements() -> list[str]:
    statements = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS search_word_trigram ON search_word "
        "USING gin (word gin_trgm_ops)",
        """CREATE OR REPLACE FUNCTION search_words_add(body text) RETURNS void
        LANGUAGE sql AS $$
          INSERT INTO search_word (word, skeleton)
          SELECT DISTINCT lower(w), '' FROM regexp_split_to_table(coalesce(body, ''),
                                                                 '[^[:alnum:]]+') AS w
          WHERE length(w) BETWEEN 5 AND 100 AND w ~ '^[[:upper:]]'
          ON CONFLICT (word) DO NOTHING
        $$""",
    ]
    for table, column, prefix in (
        ("articles_sentence", "text", "search_sentence"),
        ("articles_note", "body", "search_note"),
    ):
        statements += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('{PG_CONFIG}'::regconfig, "
            f"coalesce({column}, ''))) STORED",
            f"ALTER TABLE {table} ALTER COLUMN search_vector SET STATISTICS {PG_VECTOR_STATISTICS}",
            f"CREATE INDEX IF NOT EXISTS {prefix}_vector ON {table} USING gin (search_vector)",
            f"""CREATE OR REPLACE FUNCTION {prefix}_words() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM search_words_add(string_agg({column}, ' ')) FROM new_rows;
              RETURN NULL;
            END $$""",
        ]
        for event in ("INSERT", "UPDATE"):
            statements.append(
                f"CREATE OR REPLACE TRIGGER {prefix}_words_{event.lower()} AFTER {event} "
                f"ON {table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {prefix}_words()"
            )
    return statements


def _pg_ensure(connection: BaseDatabaseWrapper, *, rebuild: bool) -> bool:
    with connection.cursor() as cursor:
        if rebuild:
            # Re-adding the generated columns recomputes every vector and rebuilds the GIN
            # indexes from scratch: the whole build, as on a fresh database.
            for table in ("articles_sentence", "articles_note"):
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        for sql in _pg_statements():
            cursor.execute(sql)
        if rebuild:
            for table, column in (("articles_sentence", "text"), ("articles_note", "body")):
                # The names the texts print, as search.syntax.vocabulary_of finds them.
                cursor.execute(
                    "INSERT INTO search_word (word, skeleton) SELECT DISTINCT lower(w), '' "
                    f"FROM {table}, regexp_split_to_table({column}, '[^[:alnum:]]+') AS w "
                    "WHERE length(w) BETWEEN 5 AND 100 AND w ~ '^[[:upper:]]' "
                    "ON CONFLICT (word) DO NOTHING"
                )
            # A re-added column has no statistics until autovacuum's next analyze: until then
            # the planner guesses how common a word is, and at a million sentences a phrase or
            # the suggestions' word counts took 0.7-1.6 s instead of 50-80 ms.
            cursor.execute("ANALYZE articles_sentence, articles_note, search_word")
    return rebuild


def index_ensure(connection: BaseDatabaseWrapper, *, rebuild: bool = False) -> bool:
    """Create whatever part of the index is missing, filled from the tables; True if built."""
    if connection.vendor == "sqlite":
        sqlite_functions_register(connection=connection)
        return _sqlite_ensure(connection, rebuild=rebuild)
    if connection.vendor == "postgresql":
        return _pg_ensure(connection, rebuild=rebuild)
    return False


def index_drop(connection: BaseDatabaseWrapper) -> None:
    """Remove the index's database objects (the migration's way back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for index, _table, _column, prefix in SQLITE_INDEXES:
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {prefix}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {index}")
        elif connection.vendor == "postgresql":
            for table, prefix in (
                ("articles_sentence", "search_sentence"),
                ("articles_note", "search_note"),
            ):
                for event in ("insert", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {prefix}_words_{event} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {prefix}_words()")
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
            cursor.execute("DROP FUNCTION IF EXISTS search_words_add(text)")


def index_ensure_after_migrate(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate: put back any trigger a table rebuild dropped, and re-read its table."""
    from django.db import connections

    index_ensure(connections[using])
