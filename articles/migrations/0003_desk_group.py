"""Create the Desk group: the people who load articles and correct texts and sentences."""

from django.db import migrations

from articles.roles import roles_ensure


def create_desk_group(apps, schema_editor):
    roles_ensure(apps, names=["Desk"])


def remove_desk_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Desk").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editors_group")]

    operations = [migrations.RunPython(create_desk_group, remove_desk_group)]
