"""The full-text index: FTS5 tables and triggers on SQLite; generated tsvector columns, GIN
and trigram indexes and triggers on PostgreSQL (search/schema.py builds either)."""

from django.db import migrations


def index_create(apps, schema_editor) -> None:
    from search.schema import index_ensure

    index_ensure(schema_editor.connection, rebuild=True)


def index_remove(apps, schema_editor) -> None:
    from search.schema import index_drop

    index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("articles", "0005_article_reading_order"),
        # The note table (articles_note) is created by articles' first migration; the notes
        # app later keeps it under that name.
    ]

    operations = [migrations.RunPython(index_create, index_remove)]
