"""ContentStamp moves here from `articles`; its table (articles_contentstamp) stays as it is.

On a database made before the move the table exists already, so this only records the model
in this app's state; on a fresh database `articles` 0004 creates the table first.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentStamp",
                    fields=[
                        (
                            "key",
                            models.CharField(max_length=220, primary_key=True, serialize=False),
                        ),
                        ("token", models.CharField(max_length=32)),
                        ("changed_at", models.DateTimeField()),
                    ],
                    options={"db_table": "articles_contentstamp"},
                ),
            ],
            database_operations=[],
        ),
    ]
