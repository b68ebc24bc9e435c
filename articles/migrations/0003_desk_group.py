"""Create the Desk group: the people who load articles and correct texts and sentences."""

from django.db import migrations



def create_desk_group(apps, schema_editor):
    # Made after every migrate by the desk app (desk/roles.py); see 0002.
    pass


def remove_desk_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Desk").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editors_group")]

    operations = [migrations.RunPython(create_desk_group, remove_desk_group)]
