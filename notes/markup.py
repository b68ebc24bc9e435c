"""Editor Markdown to safe HTML: rendered once on save, sanitised at the edge with nh3.

markdown-it-py renders with raw HTML off, so editors' angle brackets arrive as text; nh3 then
enforces an allow-list anyway, in case a renderer bug or a future option lets markup through.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Tags removed together with everything inside them.
DROPPED_WITH_CONTENT = {"script", "style", "svg", "math", "iframe", "object", "template"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; links get nofollow noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Editor Markdown as sanitised HTML, ready to store beside its source."""
    return sanitise_html(_markdown.render(source or ""))
