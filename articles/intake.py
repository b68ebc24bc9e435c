"""Turning what the desk hands in (pasted text, a .txt, .html or .pdf file) into a text to store.

Everything here refuses bad input with a message fit for the desk and never edits the text
beyond what is written down: line endings are normalised to LF (browsers submit textareas
with CRLF, so a paste would otherwise never match the same file), and HTML is converted to
its readable text, a PDF to the text of its text layer. The original bytes of a file are
kept by the caller as evidence. A web page also says what it knows of itself: which lines its
markup puts in navigation, headers, footers, asides and forms (chrome), figure captions and
its ``h1`` (hints for segmentation; articles.html_text reads them), and what its metadata
proposes for headline, date, author and outlet (articles.page_structure).

Pure Python (no Django), like segmentation.py: the admin, the import command and the tests
use it alike.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from articles.html_text import html_to_text
from articles.page_structure import PageProposals, page_proposals
from articles.segmentation import Kind, Segment, segment

__all__ = [
    "HTML_SUFFIXES",
    "PDF_SUFFIXES",
    "TEXT_SUFFIXES",
    "Intake",
    "IntakeError",
    "headline_guess",
    "intake_from_file",
    "intake_from_paste",
    "intake_segments",
    "line_endings_normalise",
]

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
PDF_SUFFIXES = frozenset({".pdf"})


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
    # Kinds the page's markup gives its lines (line start offset → kind): see html_to_text.
    hints: Mapping[int, Kind] = field(default_factory=dict)
    proposals: PageProposals = field(default_factory=PageProposals)  # from the page's metadata
    language: str = ""  # <html lang>, or the metadata's
    encoding: str = "utf-8"  # how the file's bytes were read
    from_pdf: bool = False


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
    """An uploaded .txt, .html or .pdf file: checked, decoded, HTML or PDF turned into text.

    Text is read as UTF-8; a web page by the charset it declares (UTF-8 when it declares none).
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES:
        raise IntakeError(
            f"“{PurePath(filename).name}” is not a .txt, .html or .pdf file; "
            "upload plain text (.txt), a web page (.html) or a PDF with a text layer (.pdf)."
        )
    _size_check(len(data), max_bytes, "The file")
    if not data.strip():
        raise IntakeError("The file is empty.")
    if suffix in PDF_SUFFIXES:
        return _intake_from_pdf(data, filename)
    kind = binary_kind(data)
    if kind:
        raise IntakeError(f"This looks like a binary file ({kind}), not text.")
    encoding = declared_charset(data) if suffix in HTML_SUFFIXES else "utf-8"
    try:
        # utf-8-sig: a byte-order mark is part of the encoding, not of the text.
        decoded = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8":
            raise IntakeError(
                f"The web page declares its characters as {encoding}, but byte "
                f"0x{data[error.start]:02x} at position {error.start} is not {encoding}; "
                "save it as UTF-8 and upload it again."
            ) from None
        raise IntakeError(_decode_message(data, error)) from None
    if suffix in HTML_SUFFIXES:
        page = html_to_text(decoded)
        if not page.text.strip():
            raise IntakeError("The web page has no readable text once its markup is dropped.")
        proposals = page_proposals(decoded)
        return Intake(
            text=page.text,
            original=data,
            filename=filename,
            from_html=True,
            line_endings_changed=False,
            html_title=page.title,
            html_h1=page.h1,
            hints=page.hints,
            proposals=proposals,
            language=page.language or proposals.language,
            encoding=encoding,
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


def intake_segments(intake: Intake, *, language: str = "") -> list[Segment]:
    """The sentences of an intake as they will be stored, with the page's own hints."""
    return segment(intake.text, language=language or intake.language or "en", hints=intake.hints)


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


def _intake_from_pdf(data: bytes, filename: str) -> Intake:
    """The text of a PDF's text layer (pypdf), page after page; the PDF is kept as it is."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        raise IntakeError(f"“{PurePath(filename).name}” is not a PDF (it does not start %PDF-).")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IntakeError("The PDF is password-protected; upload an unprotected copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IntakeError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise IntakeError(f"The PDF cannot be read ({error}); export it again.") from None
    pages = [line_endings_normalise(text).strip("\n") for text in pages]
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise IntakeError(
            "The PDF has no text layer (it is scanned pages or images), so there is no text "
            "to store. Paste the text, or upload the PDF after running it through OCR."
        )
    return Intake(text=text + "\n", original=data, filename=filename, from_pdf=True)


# --------------------------------------------------------------------------------------------
# Binary files and encodings
# --------------------------------------------------------------------------------------------

# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">.
_CHARSET_RE = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def declared_charset(data: bytes) -> str:
    """The charset a web page declares in its first 4 KB ("utf-8" when none, or unknown)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"  # a byte-order mark outranks any declaration (as in browsers)
    match = _CHARSET_RE.search(data[:4096])
    if not match:
        return "utf-8"
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return "utf-8"
    # Browsers read a page labelled Latin-1 or ASCII as Windows-1252 (the WHATWG Encoding
    # standard); so do we, or its curly quotes would come out as control characters.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return "utf-8" if name in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be") else name


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
# Headlines
# --------------------------------------------------------------------------------------------


def headline_guess(intake: Intake) -> str:
    """A headline when none is given: the page's first <h1> or <title>, else the first
    heading-like line of the text; "" when there is none."""
    if intake.html_h1:
        return intake.html_h1
    if intake.proposals.headline:
        return intake.proposals.headline  # JSON-LD or Open Graph: the title without the outlet
    if intake.html_title:
        return intake.html_title
    for seg in intake_segments(intake):
        if seg.kind is Kind.HEADLINE:
            line_end = intake.text.find("\n", seg.start)
            line = intake.text[seg.start : line_end if line_end >= 0 else len(intake.text)]
            return " ".join(line.split())
    return ""
