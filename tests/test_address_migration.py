"""The migration that introduced sentence keys backfills them for existing articles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0008_byline_text_key_fingerprints")]
AFTER = [("articles", "0010_sentence_key_unique")]


@pytest.mark.django_db(transaction=True)
def test_existing_sentences_get_unique_keys_and_their_positions_are_recorded():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Outlet, Article = old.get_model("articles", "Outlet"), old.get_model("articles", "Article")
    Sentence = old.get_model("articles", "Sentence")
    outlet = Outlet.objects.create(name="Old Outlet", slug="old-outlet")
    for n in range(2):
        article = Article.objects.create(
            slug=f"old-{n}",
            headline="Old",
            outlet=outlet,
            text="One. Two. Three.",
            sha256=f"{n}" * 64,
        )
        for position, (start, end) in enumerate([(0, 4), (5, 9), (10, 16)], start=1):
            Sentence.objects.create(
                article=article,
                position=position,
                start=start,
                end=end,
                text=article.text[start:end],
            )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        Sentence = new.get_model("articles", "Sentence")
        SentencePosition = new.get_model("articles", "SentencePosition")
        keys = list(Sentence.objects.values_list("article__slug", "position", "key"))
        assert len(keys) == 6 and all(key for _, _, key in keys)
        assert len({key for _, _, key in keys}) == 6
        recorded = set(SentencePosition.objects.values_list("article__slug", "position", "key"))
        assert recorded == set(keys)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
