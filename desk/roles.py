"""The newsroom's roles as permission groups: Editors annotate, the Desk loads and corrects.

One map, applied by the data migrations and again after every migrate (post_migrate), so the
groups also come back after a test database flush and pick up permissions of new models.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    "Editors": {
        "articles": ["view_article", "view_sentence"],
        "notes": [
            "add_note",
            "change_note",
            "view_note",
            "view_noterevision",
            "add_evidence",
            "change_evidence",
            "delete_evidence",
            "view_evidence",
            "add_claimant",
            "change_claimant",
            "view_claimant",
        ],
        "timeline": [
            "add_event",
            "change_event",
            "view_event",
            "add_eventevidence",
            "change_eventevidence",
            "delete_eventevidence",
            "view_eventevidence",
        ],
    },
    "Desk": {
        "articles": [
            "add_article",
            "change_article",
            "view_article",
            "view_articlerevision",
            "add_sentence",  # no sentence is added by hand; a split made by the desk adds one
            "change_sentence",
            "view_sentence",
            "add_outlet",
            "change_outlet",
            "view_outlet",
        ],
        "notes": ["view_note", "view_evidence", "view_claimant"],
    },
}


def roles_ensure(apps=global_apps, names: list[str] | None = None) -> None:
    """Create the role groups (or only `names`) and give them their permissions; idempotent."""
    wanted = {name: ROLE_PERMISSIONS[name] for name in (names or ROLE_PERMISSIONS)}
    for app_label in {label for perms in wanted.values() for label in perms}:
        app_config = apps.get_app_config(app_label)
        if apps is not global_apps:
            # Historical app configs have no models module; create_permissions skips those.
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if apps is not global_apps:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in permissions.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
