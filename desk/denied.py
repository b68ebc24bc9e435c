"""The 403 page names the role that is missing, and the roles the account has.

An admin page needs a model permission that its URL name spells out
(``articles_article_add`` → ``articles.add_article``); the roles holding it are read from
desk.roles, so the page says "needs the Desk role" rather than a generic refusal.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseForbidden
from django.template import loader
from django.urls import Resolver404, resolve

from desk.roles import ROLE_PERMISSIONS, ROLE_PURPOSES, roles_of, roles_with

# Admin views that only read; every other custom view of a model changes it.
_READING_ACTIONS = {"changelist": "view", "history": "view", "original": "view"}


def permission_for_admin_url(request: HttpRequest) -> str:
    """The model permission an admin URL needs ("articles.add_article"), or ""."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    if match.namespace != "admin" or not match.url_name:
        return ""
    for app_label in ROLE_PERMISSIONS["Editors"].keys() | ROLE_PERMISSIONS["Desk"].keys():
        prefix = f"{app_label}_"
        if not match.url_name.startswith(prefix):
            continue
        model, _, action = match.url_name[len(prefix) :].partition("_")
        action = _READING_ACTIONS.get(action, action)
        return f"{app_label}.{action if action in {'add', 'delete', 'view'} else 'change'}_{model}"
    return ""


def role_message(request: HttpRequest, said: str) -> tuple[str, str]:
    """What was refused (the view's own words, else the role an admin page needs) and which
    roles the account has."""
    user = request.user
    message = said
    if not message:
        permission = permission_for_admin_url(request)
        needed = roles_with(permission) if permission else []
        if needed:
            message = " or ".join(
                f"the {name} role (which {ROLE_PURPOSES[name]})" for name in needed
            )
            message = f"This page needs {message}."
        else:
            message = "Your account does not have the role this page needs."
    if not user.is_authenticated:
        return message, "You are not signed in."
    held = roles_of(user)
    if held:
        return message, f"Your account “{user.get_username()}” has the {' and '.join(held)} role."
    return message, f"Your account “{user.get_username()}” has no role yet."


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponseForbidden:
    """handler403: the refusal, the missing role and who to ask."""
    said = str(exception) if exception is not None and exception.args else ""
    message, held = role_message(request, said)
    template = loader.get_template("403.html")
    return HttpResponseForbidden(template.render({"message": message, "held": held}, request))
