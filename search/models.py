"""The search index's own table: the words it holds, for finding other spellings of a name.

The full-text indexes themselves are database objects (search/schema.py), not models.
"""

from __future__ import annotations

from django.db import models


class Word(models.Model):
    """A word that occurs in some sentence or note, with its consonant skeleton.

    Filled by database triggers as text is written; never shrinks (a word no text holds any
    more only offers a variant that matches nothing).
    """

    word = models.CharField(max_length=100, primary_key=True)
    # The consonant skeleton (search.syntax.skeleton) on SQLite; PostgreSQL finds variants by
    # trigram similarity (pg_trgm) instead and leaves it empty.
    skeleton = models.CharField(max_length=100, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.word
