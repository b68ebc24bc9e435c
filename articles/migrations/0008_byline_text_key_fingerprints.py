# Byline, the tolerant checksum and the body sketch (articles.copies); filled for stored texts.

import django.db.models.deletion
from django.db import migrations, models

from articles.copies import body_of, sketch, text_key


def keys_and_sketches_fill(apps, schema_editor):
    """Existing texts get their tolerant checksum and their body sketch."""
    Article = apps.get_model("articles", "Article")
    ArticleRevision = apps.get_model("articles", "ArticleRevision")
    ArticleFingerprint = apps.get_model("articles", "ArticleFingerprint")
    Sentence = apps.get_model("articles", "Sentence")
    for article in Article.objects.only("pk", "text").iterator():
        Article.objects.filter(pk=article.pk).update(text_key=text_key(article.text))
        pieces = Sentence.objects.filter(article=article).order_by("position")
        body = body_of(pieces.values_list("kind", "text"))
        ArticleFingerprint.objects.bulk_create(
            ArticleFingerprint(article=article, token=token) for token in sketch(body)
        )
    for revision in ArticleRevision.objects.only("pk", "text").iterator():
        ArticleRevision.objects.filter(pk=revision.pk).update(text_key=text_key(revision.text))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_article_copy_of'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='byline',
            field=models.CharField(blank=True, help_text='Who the text says wrote it.', max_length=300, verbose_name='author or byline'),
        ),
        migrations.AddField(
            model_name='article',
            name='text_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='articlerevision',
            name='text_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=64),
        ),
        migrations.CreateModel(
            name='ArticleFingerprint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.BigIntegerField(db_index=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fingerprint', to='articles.article')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('article', 'token'), name='unique_fingerprint_token')],
            },
        ),
        migrations.RunPython(keys_and_sketches_fill, migrations.RunPython.noop),
    ]
