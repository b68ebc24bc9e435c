"""Create the Desk group: the people who load articles and correct texts and sentences."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DESK_PERMISSIONS = {
    "articles": [
        "add_article",
        "change_article",
        "view_article",
        "view_articlerevision",
        "add_sentence",  # no sentence is added by hand; kept for a split made by the desk
        "change_sentence",
        "view_sentence",
        "add_outlet",
        "change_outlet",
        "view_outlet",
        "view_note",
        "view_evidence",
        "view_claimant",
    ],
}


def create_desk_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_label in DESK_PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Desk")
    for app_label, codenames in DESK_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_desk_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Desk").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editors_group")]

    operations = [migrations.RunPython(create_desk_group, remove_desk_group)]
