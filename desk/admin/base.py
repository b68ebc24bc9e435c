"""What the desk's admin pages share: links, excerpts and the context of its own views."""

from __future__ import annotations

from django.contrib.admin import helpers
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

from timeline.models import EventEvidence

DESK_CSS = "css/desk.css"


def excerpt(text: str, chars: int = 90) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


def admin_url(obj, action: str = "change") -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk])


def anchor_fix_url(anchor) -> str:
    """Where the desk can see to a note or link after a correction: its re-attach page, else
    its own admin page, else its parent's (event evidence is edited inline on its event)."""
    for obj, action in ((anchor, "reattach"), (anchor, "change")):
        try:
            return admin_url(obj, action)
        except NoReverseMatch:
            continue
    parent = anchor.event if isinstance(anchor, EventEvidence) else None
    try:
        return admin_url(parent) if parent is not None else ""
    except NoReverseMatch:
        return ""


class DeskViewMixin:
    """The admin context the desk's own views (load, correct, merge, split, re-attach) need.

    One place builds it, as Django's own change views do: the site's context, the model's
    options, the page's media, and (with a form) the admin form and its error list.
    """

    def desk_context(
        self, request: HttpRequest, *, title: str, original=None, form=None, fieldsets=None, **extra
    ) -> dict:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": original,
            "media": self.media,
            "has_view_permission": self.has_view_permission(request, original),
        }
        if form is not None:
            context |= {
                "form": form,
                "adminform": helpers.AdminForm(form, fieldsets or [], {}),
                "errors": helpers.AdminErrorList(form, []),
                "media": self.media + form.media,
            }
        return context | extra
