"""When a session or its CSRF token ends mid-edit: the editor's text is never thrown away.

Django's CSRF failure page (under DEBUG, its debug page) would replace the note form; here a
refused note save comes back as the form with what was typed and a fresh token, and the
reading pages' script asks `session_token` for the current token before every save, so
"sign in again in another tab, then save" works.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from notes.views import EXPIRED_TOKEN, note_refused


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a note save gets its form back; anything else a plain 403."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if request.method == "POST" and match is not None and match.view_name == "articles:note":
        return note_refused(request, EXPIRED_TOKEN, **match.kwargs)
    return render(
        request,
        "403.html",
        {
            "exception": "This form's security token had expired or was missing. Go back, "
            "reload the page and send it again."
        },
        status=403,
    )


@require_GET
@never_cache
def session_token(request: HttpRequest) -> JsonResponse:
    """The current CSRF token (after a sign-in elsewhere it has changed) and who is signed in."""
    return JsonResponse(
        {
            "csrfToken": get_token(request),
            "signedIn": request.user.is_authenticated,
        }
    )
