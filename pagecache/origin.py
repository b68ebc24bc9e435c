"""The site's public origin: every absolute URL is built from it, never from the request.

A Host header is whatever the client sent. ALLOWED_HOSTS checks its name but not its port,
and a page built from it (then cached for everyone) would carry an attacker's address to
every reader. So absolute URLs come from DJANGO_PUBLIC_ORIGIN, and a request naming another
port than the origin's is refused before any view runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port

DEFAULT_PORTS = {"http": "80", "https": "443"}


def public_origin() -> str:
    """The configured origin, e.g. ``https://reading-room.example.org`` (no trailing slash)."""
    return settings.PUBLIC_ORIGIN.rstrip("/")


def absolute_url(path: str) -> str:
    """An absolute URL for a site path (``/articles/x/``), on the public origin."""
    return public_origin() + path


@functools.lru_cache(maxsize=8)
def origin_port(origin: str) -> str:
    """The origin's port, written or implied by its scheme ("443" for https)."""
    parts = urlsplit(origin)
    return str(parts.port) if parts.port else DEFAULT_PORTS.get(parts.scheme, "")


def origin_context(request: HttpRequest) -> dict[str, str]:
    """Template context: ``public_origin``, to prefix ``{% url %}`` where a page needs it."""
    return {"public_origin": public_origin()}


class PublicOriginMiddleware:
    """Refuse a Host whose port is not the public origin's (ALLOWED_HOSTS ignores ports)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # get_host() refuses a name outside ALLOWED_HOSTS (400) before the port is looked at.
        _, port = split_domain_port(request.get_host())
        # Read per request (cached): tests point the origin at their live server's port.
        if port and port != origin_port(public_origin()):
            return HttpResponseBadRequest(
                "Unknown host: this site answers only at its public address.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
