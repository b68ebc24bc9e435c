"""Turning what the desk hands in (pasted text, a .txt or .html file) into a text to store.

Everything here refuses bad input with a message fit for the desk and never edits the text
beyond what is written down: line endings are normalised to LF (browsers submit textareas
with CRLF, so a paste would otherwise never match the same file), and HTML is converted to
its readable text. The original bytes of a file are kept by the caller as evidence.

Pure Python (no Django), like segmentation.py: the admin, the import command and the tests
use it alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from articles.segmentation import Kind, segment

__all__ = [
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "Intake",
    "IntakeError",
    "headline_guess",
    "html_to_text",
    "intake_from_file",
    "intake_from_paste",
    "line_endings_normalise",
]

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


class IntakeError(ValueError):
    """Input that cannot become an article text; the message says why, for the desk."""


@dataclass(frozen=True)
class Intake:
    """A text ready to store, and where it came from."""

    text: str  # line endings normalised; otherwise exactly as received (or as HTML reads)
    original: bytes | None  # the uploaded file byte for byte; None for pasted text
    filename: str  # "" for pasted text
    from_html: bool = False
    line_endings_changed: bool = False
    html_title: str = ""  # <title>, for a headline when none is given
    html_h1: str = ""  # the first <h1>


def line_endings_normalise(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size_check(size: int, max_bytes: int, what: str) -> None:
    if size > max_bytes:
        raise IntakeError(
            f"{what} is {size:,} bytes; the limit is {max_bytes:,} bytes "
            f"({max_bytes / 1_000_000:g} MB)."
        )


def intake_from_paste(text: str, *, max_bytes: int) -> Intake:
    """A pasted text: refused when empty or too large."""
    _size_check(len(text.encode("utf-8")), max_bytes, "The text")
    normalised = line_endings_normalise(text)
    if not normalised.strip():
        raise IntakeError("The text is empty.")
    return Intake(
        text=normalised,
        original=None,
        filename="",
        line_endings_changed=normalised != text,
    )


def intake_from_file(data: bytes, filename: str, *, max_bytes: int) -> Intake:
    """An uploaded .txt or .html file: checked, decoded as UTF-8, HTML turned into text."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise IntakeError(
            f"“{PurePath(filename).name}” is not a .txt or .html file; "
            "upload plain text (.txt) or a web page (.html)."
        )
    _size_check(len(data), max_bytes, "The file")
    if not data.strip():
        raise IntakeError("The file is empty.")
    kind = binary_kind(data)
    if kind:
        raise IntakeError(f"This looks like a binary file ({kind}), not text.")
    try:
        # utf-8-sig: a byte-order mark is part of the encoding, not of the text.
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IntakeError(_decode_message(data, error)) from None
    if suffix in HTML_SUFFIXES:
        page = html_to_text(decoded)
        if not page.text.strip():
            raise IntakeError("The web page has no readable text once its markup is dropped.")
        return Intake(
            text=page.text,
            original=data,
            filename=filename,
            from_html=True,
            line_endings_changed=False,
            html_title=page.title,
            html_h1=page.h1,
        )
    normalised = line_endings_normalise(decoded)
    if not normalised.strip():
        raise IntakeError("The file is empty.")
    return Intake(
        text=normalised,
        original=data,
        filename=filename,
        line_endings_changed=normalised != decoded,
    )


# --------------------------------------------------------------------------------------------
# Binary files and encodings
# --------------------------------------------------------------------------------------------

# Signatures whose bytes cannot begin a text someone meant to paste.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive, or a Word/OpenDocument file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "program"),
    (b"{\\rtf", "RTF document"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}


def binary_kind(data: bytes) -> str:
    """What binary format `data` looks like, or "" when it may be text."""
    head = data[:16]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return "MP4/HEIC media"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text; save it as UTF-8"
    if b"\x00" in data:
        return "it contains NUL bytes"
    return ""


def _decode_message(data: bytes, error: UnicodeDecodeError) -> str:
    """Name the byte and where it is, so the desk can find it in an editor."""
    # utf-8-sig skips a 3-byte BOM before decoding; error.start is then relative to after it.
    offset = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    byte = data[offset]
    line = data.count(b"\n", 0, offset) + 1
    message = f"The file is not valid UTF-8: byte 0x{byte:02x} at position {offset} (line {line})."
    if 0x80 <= byte <= 0x9F or 0xA0 <= byte <= 0xFF:
        message += " It may be Windows-1252 or Latin-1; save it as UTF-8 and upload it again."
    return message


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

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
_PARAGRAPH = "\x00P"  # markers; NUL cannot occur in a decoded file we accepted
_LINE = "\x00L"


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str
    h1: str


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.title_seen = False
        self.h1: list[str] = []
        self.h1_depth = 0
        self.h1_done = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
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

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_depth:
            return
        if self.h1_depth:
            self.h1.append(data)
        if self.pre_depth:
            # Preformatted text keeps its lines; they become our line markers.
            data = line_endings_normalise(data)
            parts = (_HTML_SPACE_RE.sub(" ", part) for part in data.split("\n"))
            self.chunks.append(_LINE.join(parts))
        else:
            self.chunks.append(_HTML_SPACE_RE.sub(" ", data))

    def _boundary(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.chunks.append(_PARAGRAPH)
        elif tag in _LINES:
            self.chunks.append(_LINE)
        elif tag in _CELLS:
            self.chunks.append(" ")


def html_to_text(html: str) -> HtmlText:
    """The readable text of a web page: paragraphs and line breaks kept, markup dropped.

    Scripts, styles and similar are dropped with their content; entities are unescaped;
    runs of HTML whitespace collapse to one space (non-breaking spaces are kept as they are).
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.chunks)
    paragraphs: list[str] = []
    for block in raw.split(_PARAGRAPH):
        lines = [line.strip(" ") for line in block.split(_LINE)]
        lines = [line for line in lines if line and not line.isspace()]
        if lines:
            paragraphs.append("\n".join(lines))
    return HtmlText(
        text="\n\n".join(paragraphs) + ("\n" if paragraphs else ""),
        title=" ".join("".join(parser.title).split()),
        h1=" ".join("".join(parser.h1).split()),
    )


# --------------------------------------------------------------------------------------------
# Headlines
# --------------------------------------------------------------------------------------------


def headline_guess(intake: Intake) -> str:
    """A headline when none is given: the page's first <h1> or <title>, else the first
    heading-like line of the text; "" when there is none."""
    if intake.html_h1:
        return intake.html_h1
    if intake.html_title:
        return intake.html_title
    for seg in segment(intake.text):
        if seg.kind is Kind.HEADLINE:
            line_end = intake.text.find("\n", seg.start)
            line = intake.text[seg.start : line_end if line_end >= 0 else len(intake.text)]
            return " ".join(line.split())
    return ""
