"""What the audit listens to, and why each source.

- The services' own `written` signal (articles/writes.py), sent once per write inside its
  transaction: a model's post_save fires many times per write, or never (bulk updates).
- Django's sign-in signals, for sign-in and failed sign-in.
- m2m_changed on users' groups: role changes, from the admin or from a command.
- The admin's LogEntry: Django already records every edit made through an admin form
  (outlets' grades, claimants, kinds, evidence, users) with a change message; its post_save
  carries it into the trail, in the admin view's transaction.
"""

from __future__ import annotations

import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_save
from django.utils.text import capfirst

from articles.writes import written
from audit.models import Action
from audit.recording import audit_record

_ADMIN_ACTIONS = {
    ADDITION: Action.RECORD_ADD,
    CHANGE: Action.RECORD_CHANGE,
    DELETION: Action.RECORD_DELETE,
}


def on_written(sender, *, action, target, summary, editor=None, **kwargs) -> None:
    audit_record(action=action, target=target, summary=summary, actor=editor)


def on_signed_in(sender, *, request, user, **kwargs) -> None:
    audit_record(
        action=Action.SIGN_IN, target=user, summary="Signed in", actor=user, request=request
    )


def on_sign_in_failed(sender, *, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the name is kept.
    name = str(credentials.get(get_user_model().USERNAME_FIELD, ""))[:150]
    audit_record(
        action=Action.SIGN_IN_FAILED,
        summary=f"Failed sign-in as “{name}”",
        request=request,
    )


def on_groups_changed(sender, *, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # group.user_set.add(...): the group is the record written
        names = ", ".join(
            get_user_model().objects.filter(pk__in=pk_set).values_list("username", flat=True)
        )
        verb = {"post_add": "added", "post_remove": "removed"}.get(action, "all removed")
        audit_record(action=Action.ROLE_CHANGE, target=instance, summary=f"Members {verb}: {names}")
        return
    groups = instance.groups.all() if action == "pre_clear" else Group.objects.filter(pk__in=pk_set)
    names = ", ".join(groups.values_list("name", flat=True)) or "no group"
    verb = {"post_add": "Added to", "post_remove": "Removed from"}.get(action, "Removed from")
    audit_record(action=Action.ROLE_CHANGE, target=instance, summary=f"{verb} {names}")


def _admin_summary(entry: LogEntry) -> str:
    """The admin's change message, with the new values of the fields it names."""
    message = entry.get_change_message() or entry.get_action_flag_display()
    if entry.action_flag != CHANGE:
        return message
    try:
        changed = {
            name
            for part in json.loads(entry.change_message or "[]")
            if "object" not in part.get("changed", {"object": None})
            for name in part["changed"].get("fields", [])
        }
    except (ValueError, AttributeError, TypeError):
        return message
    obj = entry.get_edited_object() if changed else None
    values = []
    for field in obj._meta.concrete_fields if obj is not None else []:
        if capfirst(field.verbose_name) in changed and not field.is_relation:
            shown = getattr(obj, field.attname)
            if field.choices:
                shown = f"{shown} ({getattr(obj, f'get_{field.name}_display')()})"
            values.append(f"{field.verbose_name}: {str(shown)[:80]}")
    return f"{message} Now {'; '.join(values)}." if values else message


def on_admin_logged(sender, *, instance: LogEntry, created: bool, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    audit_record(
        action=_ADMIN_ACTIONS.get(instance.action_flag, Action.RECORD_CHANGE),
        target_ref=(
            ContentType.objects.get_for_id(instance.content_type_id),
            instance.object_id,
            instance.object_repr,
        ),
        summary=_admin_summary(instance),
        actor=instance.user,
    )


def connect() -> None:
    written.connect(on_written, dispatch_uid="audit-written")
    user_logged_in.connect(on_signed_in, dispatch_uid="audit-signed-in")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    m2m_changed.connect(
        on_groups_changed, sender=get_user_model().groups.through, dispatch_uid="audit-groups"
    )
    post_save.connect(on_admin_logged, sender=LogEntry, dispatch_uid="audit-admin-log")
