"""Who is writing and from where, for the length of a request (or a command-line run)."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Origin:
    ip: str | None
    user_agent: str
    where: str
    request: HttpRequest | None = None


_current: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The reader's address; behind our TLS proxy, the one the proxy appended last."""
    address = request.META.get("REMOTE_ADDR") or None
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        address = hops[-1] if hops else address
    return address


def origin_of(request: HttpRequest | None) -> Origin:
    """Where a write comes from: the request's address and browser, or this machine's shell."""
    if request is None:
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return Origin(ip=None, user_agent="", where=f"command line ({who}@{socket.gethostname()})")
    return Origin(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        where=f"{request.method or ''} {request.path}".strip()[:300],
        request=request,
    )


def current_origin() -> Origin:
    return _current.get() or origin_of(None)


class AuditOriginMiddleware:
    """Keeps the request at hand for the audit of the writes it causes (after auth)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(origin_of(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
