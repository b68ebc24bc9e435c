"""Fresh public pages, fast: content stamps, the anonymous page cache, ETags and 304s.

Every public page names the stamps of what it shows: ``site`` (everything), ``index``,
``timeline`` and ``article:<slug>``. A service that changes something shown bumps those stamps
in the same transaction (``article_changed``, ``note_changed``, ``event_changed``,
``site_changed``). Each anonymous request reads its page's stamps in one small query and uses
them three ways: as the key of the rendered page in a per-process cache, as the ETag, and (the
newest ``changed_at``) as Last-Modified. A reader therefore never gets a page older than the
last committed change, in any worker, and no cache service or cross-process invalidation is
needed. Signed-in editors (anyone with a session cookie) never touch the cache. A page is
compressed once, when it is rendered, and goes out gzip-compressed to every client that takes
it (all browsers), so a cache hit sends stored bytes as they are.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, urlencode

from articles.models import Article, ContentStamp, Evidence, Sentence

if TYPE_CHECKING:
    from articles.models import Note
    from timeline.models import Event

SITE = "site"
INDEX = "index"
TIMELINE = "timeline"

CACHE_ALIAS = "public_pages"
# Editors see drafts and controls at the same URLs, and htmx asks for fragments of them.
VARY = ("Cookie", "HX-Request")
# Public pages also go out gzip-compressed to clients that take it (every browser does).
PUBLIC_VARY = (*VARY, "Accept-Encoding")


def article_key(slug: str) -> str:
    """The stamp of everything shown on an article's pages (detail, source, sentences)."""
    return f"article:{slug}"


def article_of_url(*, slug: str, **_: object) -> str:
    """For @public_page: the article stamp named by the URL's ``slug``."""
    return article_key(slug)


# --------------------------------------------------------------------------------------------
# Writes: call these from services, inside the transaction that makes the change.
# --------------------------------------------------------------------------------------------


def stamps_bump(keys: Iterable[str]) -> None:
    """Give each key a new token (creating missing stamps); pages showing them re-render."""
    now = timezone.now()
    ContentStamp.objects.bulk_create(
        [ContentStamp(key=key, token=secrets.token_hex(8), changed_at=now) for key in set(keys)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "changed_at"],
        batch_size=500,
    )


def site_changed() -> None:
    """Something every page may show changed: an outlet's grade, a claimant's name."""
    stamps_bump([SITE])


def article_keys(article: Article, *, old_slug: str = "") -> set[str]:
    """Pages that show an article's record or sentences: its own, the index, the timeline."""
    keys = {article_key(article.slug), INDEX, TIMELINE}
    if old_slug:
        keys.add(article_key(old_slug))
    return keys


def article_changed(*, article: Article, old_slug: str = "") -> None:
    """An article's text, provenance or sentences changed (import, correction, new slug).

    Notes elsewhere that quote its sentences as evidence show on their own articles' pages,
    so those pages are refreshed too.
    """
    citing = Evidence.objects.filter(anchor_article=article).values_list(
        "note__anchor_article__slug", flat=True
    )
    stamps_bump(
        article_keys(article, old_slug=old_slug) | {article_key(slug) for slug in citing if slug}
    )


def _slugs_of(article_ids: Iterable[int | None]) -> set[str]:
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return set()
    return set(Article.objects.filter(pk__in=ids).values_list("slug", flat=True))


def note_keys(note: Note) -> set[str]:
    """Pages that show `note`: its article, the articles its evidence cites, the timeline.

    Before re-anchoring a note, removing evidence or deleting it, take these keys first and
    pass them as ``before`` so the pages it is leaving are refreshed too.
    """
    ids: set[int | None] = {note.anchor_article_id}
    if note.sentence_id:
        sentences = Sentence.objects.filter(pk=note.sentence_id)
        ids.update(sentences.values_list("article_id", flat=True))
    if note.pk:
        for sentence_article, anchor_article in Evidence.objects.filter(note=note).values_list(
            "sentence__article_id", "anchor_article_id"
        ):
            ids.update((sentence_article, anchor_article))
    if note.sentence_id:
        # Notes that cite this sentence show its grade beside the quote on their pages.
        ids.update(
            Evidence.objects.filter(sentence_id=note.sentence_id).values_list(
                "note__anchor_article_id", flat=True
            )
        )
    return {TIMELINE, *(article_key(slug) for slug in _slugs_of(ids))}


def note_changed(*, note: Note, before: Iterable[str] = ()) -> None:
    """A note (its grade, body, status, claimant or evidence) changed."""
    stamps_bump({*before, *note_keys(note)})


def event_keys(event: Event) -> set[str]:
    """Pages that show `event`: the timeline, and the articles its evidence quotes."""
    from timeline.models import EventEvidence

    ids: set[int | None] = set()
    if event.pk:
        for sentence_article, anchor_article in EventEvidence.objects.filter(
            event=event
        ).values_list("sentence__article_id", "anchor_article_id"):
            ids.update((sentence_article, anchor_article))
    return {TIMELINE, *(article_key(slug) for slug in _slugs_of(ids))}


def event_changed(*, event: Event, before: Iterable[str] = ()) -> None:
    """An event (its date, words, status or evidence) changed."""
    stamps_bump({*before, *event_keys(event)})


def anchor_changed(anchor: object) -> None:
    """A note, evidence link or event evidence was attached to another sentence."""
    from timeline.models import EventEvidence

    if isinstance(anchor, Evidence):
        note_changed(note=anchor.note)
    elif isinstance(anchor, EventEvidence):
        event_changed(event=anchor.event)
    else:
        note_changed(note=anchor)


# --------------------------------------------------------------------------------------------
# Reads: the stamps of one page, in one query.
# --------------------------------------------------------------------------------------------


def stamps_read(keys: Iterable[str]) -> tuple[str, datetime] | None:
    """A version string for `keys` and when the newest of them changed.

    None when one has never been stamped (e.g. an unknown slug): such a page is rendered
    every time and offers no validators. Plain SQL on purpose: this runs on every public
    request, and building the same two-row query through the ORM costs more than running it.
    """
    wanted = sorted(set(keys))
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(_stamps_sql(db.vendor, len(wanted)), wanted)
        rows = cursor.fetchall()
    if len(rows) != len(wanted):
        return None
    tokens = {key: token for key, token, _ in rows}
    # One backend gives all datetimes or all ISO text, and either sorts by time.
    newest = _aware(max(changed for _, _, changed in rows))
    return ".".join(tokens[key] for key in wanted), newest


@functools.cache
def _stamps_sql(vendor: str, count: int) -> str:
    quote = connection.ops.quote_name
    key, token, changed_at = (
        quote(ContentStamp._meta.get_field(name).column) for name in ("key", "token", "changed_at")
    )
    table = quote(ContentStamp._meta.db_table)
    placeholders = ", ".join(["%s"] * count)
    return f"SELECT {key}, {token}, {changed_at} FROM {table} WHERE {key} IN ({placeholders})"


def _aware(value: datetime | str) -> datetime:
    """Raw SQLite rows hold naive UTC datetimes (or text); PostgreSQL's are aware already."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


@functools.cache
def release() -> str:
    """What is deployed: DJANGO_RELEASE, or a digest of our code, templates and static manifest.

    It is part of every ETag and cache key, so new markup is never answered with a 304.
    """
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.blake2b(digest_size=6)
    base = Path(settings.BASE_DIR)
    sources = [
        path
        for folder in ("newsroom", "articles", "timeline", "templates")
        for path in (base / folder).rglob("*")
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
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
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
    # The ETag names the content's version; the full path names the page (and ?as=, ?page=).
    cache_key = "page:" + _digest(f"{etag}:{request.get_full_path()}", size=16)
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
# A query parameter a page reads, and its canonical spelling (None: as good as absent).
Canonical = Callable[[str], str | None]


def kept_as_given(value: str) -> str | None:
    """A parameter the page validates itself (a filter): any non-empty value, as sent."""
    return value or None


def page_number(value: str) -> str | None:
    """``?page=``: ASCII digits without leading zeros; page 1 is the page without it."""
    digits = value.lstrip("0") if value.isascii() and value.isdigit() else ""
    return digits if digits not in ("", "1") and len(digits) <= 9 else None


def canonical_query(request: HttpRequest, query: dict[str, Canonical]) -> str:
    """The query string with only what the page reads, each once, each value spelled one way."""
    kept = []
    for name in request.GET:  # in the order sent: a reordered query is not a new page
        value = query[name](request.GET[name]) if name in query else None
        if value:
            kept.append((name, value))
    return urlencode(kept)


def public_page(
    *scopes: Scope, query: dict[str, Canonical] | None = None
) -> Callable[[View], View]:
    """Serve a public page from the cache while the stamps it shows are unchanged.

    Each scope is a stamp key, or a function of the URL's keyword arguments returning one
    (``article_of_url``); ``site`` is always included. Anonymous readers get ETag and
    Last-Modified, and 304 when their copy is current; everyone else gets a fresh, private
    render. `query` names the parameters the page reads: an anonymous request carrying
    others (``?as=<random>``, ``?utm_source=``) is redirected to the canonical URL, so a
    made-up query string can neither miss the cache nor fill it.
    """
    used = query or {}

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if not is_anonymous_reader(request):
                return _unshared(view(request, *args, **kwargs), private=True)
            canonical = canonical_query(request, used)
            if canonical != request.META.get("QUERY_STRING", ""):
                target = request.path + (f"?{canonical}" if canonical else "")
                return _unshared(HttpResponsePermanentRedirect(target), private=False)
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
