"""The anonymous page cache: ETags, 304s and gzip, keyed on the stamps a page shows.

Each anonymous request reads its page's stamps (pagecache.stamps) in one small query and uses
them three ways: as the key of the rendered page in a per-process cache, as the ETag, and (the
newest ``changed_at``) as Last-Modified. A reader therefore never gets a page older than the
last committed change, in any worker, and no cache service or cross-process invalidation is
needed. Signed-in editors (anyone with a session cookie) never touch the cache. A page is
compressed once, when it is rendered, and goes out gzip-compressed to every client that takes
it (all browsers), so a cache hit sends stored bytes as they are.

Django's ``cache_page`` cannot key on stamps read from the database, and ``GZipMiddleware``
would compress again on every hit: hence this module. It knows no domain model.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from pagecache.stamps import SITE, stamps_read

CACHE_ALIAS = "public_pages"
# Editors see drafts and controls at the same URLs, and htmx asks for fragments of them.
VARY = ("Cookie", "HX-Request")
# Public pages also go out gzip-compressed to clients that take it (every browser does).
PUBLIC_VARY = (*VARY, "Accept-Encoding")


@functools.cache
def release() -> str:
    """What is deployed: DJANGO_RELEASE, or a digest of our code, templates and static manifest.

    It is part of every ETag and cache key, so new markup is never answered with a 304.
    """
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.blake2b(digest_size=6)
    base = Path(settings.BASE_DIR)
    # Our own apps (those inside the project folder), the project package and templates.
    folders = {Path(config.path) for config in apps.get_app_configs()}
    folders = {folder for folder in folders if base in folder.parents}
    folders |= {base / "newsroom", base / "templates"}
    sources = [
        path
        for folder in sorted(folders)
        for path in folder.rglob("*")
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts
    ]
    if settings.STATIC_ROOT:
        sources.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for path in sorted(sources):
        if path.is_file():
            digest.update(str(path.relative_to(base) if base in path.parents else path).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# The decorator public views wear.
# --------------------------------------------------------------------------------------------


def is_anonymous_reader(request: HttpRequest) -> bool:
    """A plain GET with no session or flash messages: the same page for everyone.

    Decided from cookies alone, without loading a session, so a cache hit costs no more than
    reading the stamps. Anyone with a session cookie (editors) is served fresh, privately.
    """
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # Flash messages in a cookie (Django's CookieStorage, the fallback storage's first).
        and CookieStorage.cookie_name not in request.COOKIES
        # request.headers would be built just for this; META is already there.
        and "HTTP_HX_REQUEST" not in request.META
    )


def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """The same bytes may go to every reader: no cookie, no CSRF token, a whole 200 body."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that embeds a CSRF token belongs to one browser; never share it.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _public_headers(response: HttpResponseBase, etag: str, changed_at: datetime) -> None:
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(changed_at.timestamp())
    # Shared caches may keep it, but must ask again each time: a note goes live at once.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, PUBLIC_VARY)


def _unshared(response: HttpResponseBase, *, private: bool) -> HttpResponseBase:
    patch_cache_control(response, no_cache=True, **({"private": True} if private else {}))
    patch_vary_headers(response, VARY)
    return response


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the client takes gzip: named, or ``*``, with a q-value above 0 (RFC 9110 12.5.3)."""
    return _gzip_accepted(request.META.get("HTTP_ACCEPT_ENCODING", ""))


@functools.lru_cache(maxsize=256)  # browsers send a handful of distinct headers
def _gzip_accepted(header: str) -> bool:
    weights: dict[str, float] = {}
    for item in header.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


# A cached page keeps its gzip body; pages up to this size keep their plain body beside it,
# larger ones (a long timeline) are inflated again for the rare client that refuses gzip.
PLAIN_UP_TO = 64 * 1024
# Level 1 of 9: most of level 6's saving on repetitive markup, at a fraction of its time
# (a cache miss compresses once, every later hit sends the bytes as they are).
GZIP_LEVEL = 1

CONDITIONAL_HEADERS = frozenset(
    {"HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE"}
)


def _digest(text: str, *, size: int) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def page_cache_key(etag: str, full_path: str) -> str:
    """Where a page is cached: its plain body under this key, its gzip body under key:gzip.

    The ETag names the content's version; the full path names the page (and ?as=, ?page=).
    """
    return "page:" + _digest(f"{etag}:{full_path}", size=16)


def _gzip_headers(headers: dict[str, str], etag: str) -> dict[str, str]:
    """The gzip representation's headers: its own strong ETag, as RFC 9110 asks of a coding.

    Any length of the plain body is dropped; CommonMiddleware measures the body that is sent.
    """
    kept = {name: value for name, value in headers.items() if name.lower() != "content-length"}
    return {**kept, "Content-Encoding": "gzip", "ETag": etag}


def _serve_public(
    request: HttpRequest, version: str, changed_at: datetime, render: Callable[[], HttpResponse]
) -> HttpResponseBase:
    """304 if the reader's copy is current, else the cached page, else a render (then cached).

    A cached page is two entries: its gzip body with that representation's headers, sent as
    it is to clients that take gzip, and its plain body (None when large: inflated on demand).
    """
    tag = _digest(f"{release()}:{version}", size=12)
    gzip_ok = accepts_gzip(request)
    etag, gzip_etag = f'"{tag}"', f'"{tag}-gzip"'  # hex digits: nothing to escape
    if not CONDITIONAL_HEADERS.isdisjoint(request.META):
        served = gzip_etag if gzip_ok else etag
        conditional = get_conditional_response(
            request, etag=served, last_modified=int(changed_at.timestamp())
        )
        if conditional is not None:
            _public_headers(conditional, served, changed_at)
            return conditional
    cache = caches[CACHE_ALIAS]
    cache_key = page_cache_key(etag, request.get_full_path())
    if settings.PUBLIC_PAGE_CACHE:
        if gzip_ok:
            entry = cache.get(cache_key + ":gzip")
            if entry is not None:
                return HttpResponse(entry[0], headers=entry[1])
        else:
            entry = cache.get(cache_key)
            if entry is not None:
                content, headers = entry
                if content is None:  # a large page: only its gzip body is kept
                    packed = cache.get(cache_key + ":gzip")
                    content = gzip.decompress(packed[0]) if packed else None
                if content is not None:
                    return HttpResponse(content, headers=headers)
    response = render()
    if response.status_code != 200 or "private" in response.get("Cache-Control", ""):
        return _unshared(response, private=False)
    _public_headers(response, etag, changed_at)
    if not _shareable(request, response):
        return response
    content = response.content
    headers = dict(response.items())
    packed = gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
    if settings.PUBLIC_PAGE_CACHE and len(content) <= settings.PUBLIC_PAGE_CACHE_MAX_BYTES:
        cache.set_many(
            {
                cache_key: (content if len(content) <= PLAIN_UP_TO else None, headers),
                cache_key + ":gzip": (packed, _gzip_headers(headers, gzip_etag)),
            }
        )
    if gzip_ok:
        return HttpResponse(packed, headers=_gzip_headers(headers, gzip_etag))
    return response


View = Callable[..., HttpResponseBase]
Scope = str | Callable[..., str]


def public_page(*scopes: Scope) -> Callable[[View], View]:
    """Serve a public page from the cache while the stamps it shows are unchanged.

    Each scope is a stamp key, or a function of the URL's keyword arguments returning one
    (``article_of_url``); ``site`` is always included. Anonymous readers get ETag and
    Last-Modified, and 304 when their copy is current; everyone else gets a fresh, private
    render.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if not is_anonymous_reader(request):
                return _unshared(view(request, *args, **kwargs), private=True)
            keys = [SITE, *(scope(**kwargs) if callable(scope) else scope for scope in scopes)]
            stamped = stamps_read(keys)
            if stamped is None:  # never stamped: nothing to validate against, nothing to key on
                return _unshared(view(request, *args, **kwargs), private=False)
            version, changed_at = stamped
            return _serve_public(
                request, version, changed_at, lambda: view(request, *args, **kwargs)
            )

        return wrapper

    return decorator
