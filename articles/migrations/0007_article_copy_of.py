# Article.copy_of, exactly as the editorial branch (issue 13) adds it: copies of one report.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_notes_and_stamps_move_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="copy_of",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The article this one is a copy of (a re-print, re-post or syndicated copy "
                    "of one report): copies of one report are one source, not independent of "
                    "each other."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="copies",
                to="articles.article",
            ),
        ),
    ]
