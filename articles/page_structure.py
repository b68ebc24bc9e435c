"""What a web page says about itself: headline, date, author and outlet from its metadata.

The desk's text is always the whole page as read (articles.intake); this module only proposes
the record's fields from the page's own metadata, for the desk to confirm in the preview.
Maintained libraries of the field do the reading: extruct for JSON-LD (a ``NewsArticle``'s
``headline``, ``datePublished``, ``author``, ``publisher``) and Open Graph (``og:title``,
``og:site_name``, ``article:published_time``); trafilatura for ``<title>``, author meta and
site name when those are missing; htmldate for the publication date when no metadata gives
one. Each proposal says where it came from.

Pure Python (no Django). The libraries are imported when a page is read: they are heavy, and
most requests never read a page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = ["PageProposals", "page_proposals"]

_ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNews", "AnalysisNewsArticle", "BlogPosting", "Report"}
    | {"OpinionNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting", "WebPage"}
)
_ISO_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class PageProposals:
    """Fields the page proposes for its record; "" where it says nothing."""

    headline: str = ""
    published: str = ""  # ISO: "2021-09-06", "2021-09" or "2021"
    published_precision: str = ""  # "day", "month" or "approximate" (a year only)
    author: str = ""
    outlet: str = ""
    language: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # field → what proposed it

    @property
    def published_date(self) -> dt.date | None:
        """The proposal as a date (the first of the month or year when less is known)."""
        match = _ISO_RE.fullmatch(self.published)
        if not match:
            return None
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None

    def __bool__(self) -> bool:
        return any((self.headline, self.published, self.author, self.outlet))


def page_proposals(html: str) -> PageProposals:
    """Read the page's metadata; never raises (a page that cannot be read proposes nothing)."""
    found: dict[str, tuple[str, str]] = {}
    try:
        _from_structured(html, found)
    except Exception:  # extruct on a broken page: fall back to the other readers
        pass
    try:
        _from_trafilatura(html, found)
    except Exception:
        pass
    if "published" not in found:
        try:
            _from_htmldate(html, found)
        except Exception:
            pass
    published, precision = _date_and_precision(found.get("published", ("", ""))[0])
    return PageProposals(
        headline=found.get("headline", ("", ""))[0],
        published=published,
        published_precision=precision,
        author=found.get("author", ("", ""))[0],
        outlet=found.get("outlet", ("", ""))[0],
        language=found.get("language", ("", ""))[0],
        sources={name: source for name, (value, source) in found.items() if value},
    )


def _propose(found: dict[str, tuple[str, str]], name: str, value: object, source: str) -> None:
    text = " ".join(_text(value).split())
    if text and name not in found:
        found[name] = (text, source)


def _text(value: object) -> str:
    """A plain string from a JSON-LD value: a name, a list of names, or a string."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or "")
    if isinstance(value, list):
        return ", ".join(part for part in (_text(v) for v in value) if part)
    return ""


def _articles(items: list) -> list[dict]:
    out: list[dict] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        out.extend(_articles(item.get("@graph", [])))
        kinds = item.get("@type", [])
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(kind in _ARTICLE_TYPES for kind in kinds):
            out.append(item)
    # A news article before a mere web page.
    return sorted(out, key=lambda item: "WebPage" in str(item.get("@type")))


def _from_structured(html: str, found: dict[str, tuple[str, str]]) -> None:
    import extruct

    data = extruct.extract(html, syntaxes=["json-ld", "opengraph"], uniform=True, errors="ignore")
    for article in _articles(data.get("json-ld", [])):
        _propose(found, "headline", article.get("headline") or article.get("name"), "JSON-LD")
        _propose(found, "published", article.get("datePublished"), "JSON-LD datePublished")
        _propose(found, "author", article.get("author"), "JSON-LD author")
        _propose(found, "outlet", article.get("publisher"), "JSON-LD publisher")
        _propose(found, "language", article.get("inLanguage"), "JSON-LD inLanguage")
    for graph in data.get("opengraph", []):
        _propose(found, "headline", graph.get("og:title"), "Open Graph og:title")
        _propose(found, "published", graph.get("article:published_time"), "article:published_time")
        _propose(found, "outlet", graph.get("og:site_name"), "Open Graph og:site_name")
        author = graph.get("article:author", "")
        if not re.match(r"https?://", _text(author)):  # often a profile URL, not a name
            _propose(found, "author", author, "article:author")


def _from_trafilatura(html: str, found: dict[str, tuple[str, str]]) -> None:
    from trafilatura.metadata import extract_metadata

    meta = extract_metadata(html)
    if meta is None:
        return
    _propose(found, "headline", meta.title, "trafilatura (title)")
    _propose(found, "author", meta.author, "trafilatura (author meta)")
    _propose(found, "outlet", meta.sitename, "trafilatura (site name)")


def _from_htmldate(html: str, found: dict[str, tuple[str, str]]) -> None:
    from htmldate import find_date

    date = find_date(html, original_date=True, extensive_search=True)
    _propose(found, "published", date, "htmldate")


def _date_and_precision(raw: str) -> tuple[str, str]:
    """ "2021-09-06T10:00:00Z" → ("2021-09-06", "day"); "2021-09" → ("2021-09", "month")."""
    match = _ISO_RE.match(raw.strip())
    if not match:
        return "", ""
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}", "day"
    if month:
        return f"{year}-{month}", "month"
    return year, "approximate"
