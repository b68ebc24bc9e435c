from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Word",
            fields=[
                ("word", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("skeleton", models.CharField(blank=True, db_index=True, max_length=100)),
            ],
        ),
    ]
