"""Every sentence now has a key (0009); from here each is unique within its article.

A migration of its own: PostgreSQL refuses to alter a table in the transaction that has just
updated its rows.
"""

from django.db import migrations, models

import articles.models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_sentence_addresses"),
    ]

    operations = [
        migrations.AlterField(
            model_name='sentence',
            name='key',
            field=models.CharField(default=articles.models.sentence_key_new, editable=False, max_length=12),
        ),
        migrations.AddConstraint(
            model_name='sentence',
            constraint=models.UniqueConstraint(fields=('article', 'key'), name='unique_sentence_key'),
        ),
    ]
