"""Stable sentence addresses: a key for every sentence, and the record old links need.

Existing sentences get their keys here (in batches, so a large corpus does not sit in
memory), and their positions are recorded as the meaning of the position-style links
(`/s/<n>/`) issued until now. Works the same on SQLite and PostgreSQL.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


BATCH = 2000


def keys_backfill(apps, schema_editor):
    from articles.addressing import keys_issue

    Article = apps.get_model("articles", "Article")
    Sentence = apps.get_model("articles", "Sentence")
    SentencePosition = apps.get_model("articles", "SentencePosition")
    for article_id, revision in Article.objects.order_by("pk").values_list("pk", "revision"):
        sentences = list(Sentence.objects.filter(article_id=article_id).order_by("position"))
        for sentence, key in zip(sentences, keys_issue(len(sentences)), strict=True):
            sentence.key = key
        Sentence.objects.bulk_update(sentences, ["key"], batch_size=BATCH)
        SentencePosition.objects.bulk_create(
            [
                SentencePosition(
                    article_id=article_id, position=s.position, key=s.key, revision=revision
                )
                for s in sentences
            ],
            batch_size=BATCH,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_byline_text_key_fingerprints'),
    ]

    operations = [
        migrations.CreateModel(
            name='SentenceAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=12)),
                ('change', models.CharField(choices=[('corrected', 'Corrected'), ('split', 'Split'), ('merged', 'Merged'), ('gone', 'Gone')], max_length=10)),
                ('old_text', models.TextField(help_text='The sentence as it read before the change.')),
                ('old_position', models.PositiveIntegerField()),
                ('revision', models.PositiveIntegerField(help_text='The revision of the text it read so in.')),
                ('now_key', models.CharField(blank=True, max_length=12)),
                ('changed_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name_plural': 'sentence address changes',
                'ordering': ['article', 'key', 'changed_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SentencePosition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField()),
                ('key', models.CharField(max_length=12)),
                ('revision', models.PositiveIntegerField()),
            ],
            options={
                'ordering': ['article', 'position'],
            },
        ),
        migrations.AddField(
            model_name='sentenceaddress',
            name='article',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='addresses', to='articles.article'),
        ),
        migrations.AddField(
            model_name='sentenceposition',
            name='article',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='positions', to='articles.article'),
        ),
        # Blank first: a callable default is evaluated once for all existing rows.
        migrations.AddField(
            model_name='sentence',
            name='key',
            field=models.CharField(default='', editable=False, max_length=12),
        ),
        migrations.RunPython(keys_backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='sentenceaddress',
            index=models.Index(fields=['article', 'key'], name='sentence_address_key'),
        ),
        migrations.AddConstraint(
            model_name='sentenceposition',
            constraint=models.UniqueConstraint(fields=('article', 'position'), name='unique_issued_position'),
        ),
    ]
