"""A web page's readable text, and what its markup says of each line.

Python's ``html.parser`` does the reading: scripts, styles and the ``<head>`` are dropped with
their content, blocks become paragraphs and ``<br>``/list items line breaks, entities are
unescaped and runs of HTML whitespace collapse. The page's structure (nav, aside, form, a header
or footer outside the article, figcaption, h1) is returned as kinds by line offset, hints for
segmentation. Used by articles.intake for uploaded pages.

Pure Python (no Django), like segmentation.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

from articles.segmentation import Kind

__all__ = ["HtmlText", "html_to_text"]

# Dropped with everything inside them: not text a reader sees.
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe"}
    | {"object", "canvas", "select", "datalist"}
)
# A paragraph boundary (a blank line) before and after.
_BLOCKS = frozenset(
    """p div h1 h2 h3 h4 h5 h6 blockquote pre figure figcaption table thead tbody tfoot
    ul ol dl section article header footer nav aside main form address hr details summary
    fieldset legend caption center""".split()
)
# A line break, not a paragraph.
_LINES = frozenset({"br", "li", "tr", "dt", "dd"})
_CELLS = frozenset({"td", "th"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# HTML's own whitespace (not NBSP, which the text keeps as it is).
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
# CRLF, lone CR or LF: a line of <pre> text, as articles.intake.line_endings_normalise reads it.
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")
_PARAGRAPH = "\x00P"  # markers; NUL cannot occur in a decoded file we accepted
_LINE = "\x00L"


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str
    h1: str
    hints: Mapping[int, Kind] = field(default_factory=dict)  # line start → kind, from markup
    language: str = ""  # <html lang>


# Elements whose lines the page itself marks as furniture, caption or headline.
_FURNITURE = frozenset({"nav", "aside", "form"})
_PAGE_PARTS = frozenset({"header", "footer"})  # furniture outside the article; its own inside
_CONTENT = frozenset({"article", "main"})
_STRUCTURE = _FURNITURE | _PAGE_PARTS | _CONTENT | {"figcaption", "h1"}
_ROLES = {
    "navigation": "nav",
    "search": "nav",
    "complementary": "aside",
    "banner": "header",
    "contentinfo": "footer",
    "main": "main",
    "article": "article",
}
# A form holding most of the page (ASP.NET wraps whole pages in one) is not furniture.
_FORM_SHARE_MAX = 0.5


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.contexts: list[tuple[tuple[str, int, str], ...] | None] = []  # per chunk
        self.skip_depth = 0
        self.pre_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.title_seen = False
        self.h1: list[str] = []
        self.h1_depth = 0
        self.h1_done = False
        self.language = ""
        # Open structural elements: (what it is, id, its tag); a role may rename a <div>.
        self.structure: list[tuple[str, int, str]] = []
        self.sizes: dict[int, int] = {}  # characters of text inside each structural element
        self.holds_h1: set[int] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "html" and not self.language:
            self.language = (dict(attrs).get("lang") or "").strip()
        if tag == "title" and not self.title_seen:
            self.in_title = self.title_seen = True  # the page's title, not an SVG's
        if tag == "body":
            self.skip_depth = 0  # an unclosed <head> must not swallow the page
        if tag in _SKIPPED:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "h1" and not self.h1_done:
            self.h1_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        name = _ROLES.get((dict(attrs).get("role") or "").strip().lower(), tag)
        if name in _STRUCTURE and tag not in _VOID:
            self.structure.append((name, len(self.sizes), tag))
            self.sizes[len(self.sizes)] = 0
            if name == "h1":
                self.holds_h1.update(eid for _, eid, _ in self.structure)
        self._boundary(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        # <svg/>, <br/>: no content, so never open a skipped region.
        if tag not in _SKIPPED and not self.skip_depth:
            self._boundary(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag == "h1" and self.h1_depth:
            self.h1_depth -= 1
            self.h1_done = self.h1_depth == 0
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag not in _VOID:
            self._boundary(tag)
        self._close(tag)

    def _close(self, tag: str) -> None:
        """Close the innermost open structural element this end tag ends (by tag or role)."""
        for index in range(len(self.structure) - 1, -1, -1):
            if self.structure[index][2] == tag:
                del self.structure[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_depth:
            return
        if self.h1_depth:
            self.h1.append(data)
        if self.pre_depth:
            # Preformatted text keeps its lines; they become our line markers.
            parts = (_HTML_SPACE_RE.sub(" ", part) for part in _LINE_BREAK_RE.split(data))
            chunk = _LINE.join(parts)
        else:
            chunk = _HTML_SPACE_RE.sub(" ", data)
        for _, eid, _ in self.structure:
            self.sizes[eid] += len(chunk.strip())
        self.chunks.append(chunk)
        self.contexts.append(tuple(self.structure))

    def _boundary(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.chunks.append(_PARAGRAPH)
        elif tag in _LINES:
            self.chunks.append(_LINE)
        elif tag in _CELLS:
            self.chunks.append(" ")
        else:
            return
        self.contexts.append(None)

    def hint(self, context: tuple[tuple[str, int, str], ...] | None, total: int) -> Kind | None:
        """The kind the markup gives text inside these open elements (outermost first)."""
        if not context:
            return None
        hint: Kind | None = None
        in_content = False
        for name, eid, _ in context:
            if name in _CONTENT:
                hint, in_content = None, True
            elif name in _FURNITURE:
                big_form = name == "form" and (
                    eid in self.holds_h1 or self.sizes[eid] > _FORM_SHARE_MAX * total
                )
                if not big_form:
                    hint = Kind.CHROME
            elif name in _PAGE_PARTS and not in_content:
                hint = Kind.CHROME
            elif name == "figcaption":
                hint = Kind.CAPTION
            elif name == "h1" and hint is not Kind.CHROME:
                hint = Kind.HEADLINE
        return hint


def html_to_text(html: str) -> HtmlText:
    """The readable text of a web page: paragraphs and line breaks kept, markup dropped.

    Scripts, styles and similar are dropped with their content; entities are unescaped;
    runs of HTML whitespace collapse to one space (non-breaking spaces are kept as they are).
    Each line's kind by the page's structure (nav, aside, form, a header or footer outside the
    article: chrome; figcaption: caption; h1: headline) is returned by its offset.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    total = sum(len(chunk.strip()) for chunk in parser.chunks if chunk not in (_PARAGRAPH, _LINE))
    paragraphs: list[list[tuple[str, Kind | None]]] = []
    paragraph: list[tuple[str, Kind | None]] = []
    line: list[tuple[str, Kind | None]] = []

    def end_line() -> None:
        text = "".join(part for part, _ in line).strip(" ")
        if text and not text.isspace():
            hint = next((kind for part, kind in line if part.strip()), None)
            paragraph.append((text, hint))
        line.clear()

    for chunk, context in zip(parser.chunks, parser.contexts, strict=True):
        if chunk == _PARAGRAPH:
            end_line()
            if paragraph:
                paragraphs.append(list(paragraph))
                paragraph.clear()
            continue
        hint = parser.hint(context, total)
        for number, part in enumerate(chunk.split(_LINE)):  # <pre> lines carry line markers
            if number:
                end_line()
            line.append((part, hint))
    end_line()
    if paragraph:
        paragraphs.append(paragraph)
    out: list[str] = []
    hints: dict[int, Kind] = {}
    offset = 0
    for p_number, lines in enumerate(paragraphs):
        if p_number:
            out.append("\n\n")
            offset += 2
        for l_number, (text, hint) in enumerate(lines):
            if l_number:
                out.append("\n")
                offset += 1
            if hint is not None:
                hints[offset] = hint
            out.append(text)
            offset += len(text)
    return HtmlText(
        text="".join(out) + ("\n" if paragraphs else ""),
        title=" ".join("".join(parser.title).split()),
        h1=" ".join("".join(parser.h1).split()),
        hints=hints,
        language=parser.language,
    )
