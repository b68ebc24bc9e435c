"""What each line of a scraped page is: headline, dateline, byline, caption, body or chrome.

Kinds are only defaults (the desk corrects them), guessed from each line's own shape
(articles.line_shapes), then from its place on the page, then from what the page's own markup
said about it (hints from an HTML conversion: ``nav`` is chrome, ``figcaption`` a caption,
``h1`` the headline). The rules are about how news pages are built — wire datelines, photo
credits, live-blog stamps, link runs — never about one outlet's strings.

Pure Python (no Django), used by segmentation.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from articles.line_shapes import (
    CLOSERS,
    cleaned,
    fold,
    inline_dateline_end,
    is_bulleted,
    is_byline,
    is_byline_label,
    is_caption,
    is_chrome,
    is_credit_only,
    is_dateline,
    is_glued_headline,
    is_heading_like,
    is_speaker_label,
    line_key,
    unbullet,
    word_count,
)

__all__ = ["Kind", "Line", "classify", "inline_dateline_end"]


class Kind(StrEnum):
    """What a sentence is on the page; the values are stored in the database."""

    HEADLINE = "headline"
    DATELINE = "dateline"
    BYLINE = "byline"
    CAPTION = "caption"
    BODY = "body"
    CHROME = "chrome"


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line, stripped of surrounding whitespace, with its offset in the text."""

    start: int
    text: str
    blank_before: bool  # a blank line (paragraph break) separates it from the previous line


_MASTHEAD_MAX_WORDS = 3
# "AI: Did you…?", "QUESTION: Why…?": a question put by someone in a transcript.
_ASKED_RE = re.compile(r"[^\s:]+(?:\s+[^\s:]+){0,4}:\s")
_NUMBERED_RE = re.compile(r"\d{1,2}[).]\s+\S")
_QUESTION_MARKS = "?؟"


def _shape_kind(text: str) -> Kind:
    if is_caption(text):
        return Kind.CAPTION
    if is_chrome(text):
        return Kind.CHROME
    if is_dateline(text):
        return Kind.DATELINE
    if is_byline(text):
        return Kind.BYLINE
    if is_speaker_label(text):
        return Kind.BODY  # "Ned Price: (00:11)" opens what he said
    if is_glued_headline(text):
        return Kind.HEADLINE
    if is_bulleted(text):
        # A bullet list: long items summarise the story (body), short ones are links.
        return Kind.BODY if word_count(unbullet(text)) >= 5 else Kind.CHROME
    if is_heading_like(text, bang=True):
        return Kind.HEADLINE
    return Kind.BODY


def classify(lines: list[Line], hints: Mapping[int, Kind] | None = None) -> list[Kind]:
    """A default kind per line, from its own shape, its place in the page and the page's hints.

    ``hints`` maps a line's start offset to the kind the page's markup gives it.
    """
    texts = [line.text for line in lines]
    kinds = [_shape_kind(text) for text in texts]
    n = len(lines)

    # A credit on a line of its own captions the line right above it (same paragraph).
    for i in range(1, n):
        if (
            kinds[i] is Kind.CAPTION
            and kinds[i - 1] is Kind.BODY
            and not lines[i].blank_before
            and is_credit_only(texts[i])
        ):
            kinds[i - 1] = Kind.CAPTION
    # "Written By" on its own line: the names under it are the byline.
    for i in range(n - 1):
        if is_byline_label(texts[i]) and kinds[i + 1] in (Kind.HEADLINE, Kind.CHROME):
            if word_count(texts[i + 1]) <= 8:
                kinds[i + 1] = Kind.BYLINE
    # A table of contents: the numbered lines after "Contents" are links, not subheadings.
    for i in range(n):
        if line_key(texts[i]) in ("contents", "table of contents", "in this article"):
            j, entries = i + 1, set()
            while j < n and _NUMBERED_RE.match(texts[j]) and kinds[j] is Kind.HEADLINE:
                if fold(texts[j]) in entries:
                    break  # the first entry again: the section itself begins
                entries.add(fold(texts[j]))
                kinds[j] = Kind.CHROME
                j += 1

    body = [i for i, kind in enumerate(kinds) if kind is Kind.BODY]
    first_body = body[0] if body else n

    # Below the first paragraph, a line ending in "?" or "!" is speech (a question in a
    # transcript or an interview), not a subheading — unless a long paragraph follows it, as
    # one follows a subheading ("What are the consequences of the fighting?").
    for i in range(first_body + 1, n):
        end = cleaned(texts[i]).rstrip(CLOSERS + " ")[-1:]
        if kinds[i] is not Kind.HEADLINE or end not in _QUESTION_MARKS + "!":
            continue
        introduces = i + 1 < n and kinds[i + 1] is Kind.BODY and word_count(texts[i + 1]) >= 40
        if end == "!" or _ASKED_RE.match(cleaned(texts[i])) or not introduces:
            kinds[i] = Kind.BODY
    body = [i for i, kind in enumerate(kinds) if kind is Kind.BODY]
    first_body = body[0] if body else n

    # The page's headline is printed twice on scraped pages (title, breadcrumb, share bar):
    # what stands above its first copy is site furniture.
    folded = [fold(t) for t in texts]
    repeated = [
        i
        for i in range(n)
        if kinds[i] is Kind.HEADLINE
        and word_count(texts[i]) >= 3
        and any(folded[j] == folded[i] for j in range(i + 1, n))
    ]
    if repeated:
        main = repeated[0]
        for i in range(main):
            if kinds[i] in (Kind.HEADLINE, Kind.BODY):
                kinds[i] = Kind.CHROME
        body = [i for i, kind in enumerate(kinds) if kind is Kind.BODY]
        first_body = body[0] if body else n

    # Above the body: the longest heading-like line is the headline; a very short one above it
    # is the outlet's masthead ("The Guardian").
    top = [i for i in range(first_body) if kinds[i] is Kind.HEADLINE]
    if top:
        main = max(top, key=lambda i: (word_count(texts[i]), -i))
        for i in top:
            if i < main and word_count(texts[i]) <= _MASTHEAD_MAX_WORDS:
                kinds[i] = Kind.CHROME

    # A word or two between the headline and the story ("International") is its section.
    if top:
        for i in range(main + 1, first_body):
            if kinds[i] is Kind.HEADLINE and word_count(texts[i]) <= 2:
                kinds[i] = Kind.CHROME

    # A headline repeated verbatim (or cut short, or glued to links) is page furniture the
    # second time round.
    seen: list[str] = []
    for i, kind in enumerate(kinds):
        if kind is not Kind.HEADLINE:
            continue
        long_enough = word_count(texts[i]) >= 4 and len(folded[i]) >= 24
        if any(
            folded[i] == s or (long_enough and (folded[i] in s or s in folded[i])) for s in seen
        ):
            kinds[i] = Kind.CHROME
        seen.append(folded[i])

    # Below the last body paragraph nothing is introduced any more: heading-like lines there
    # are footer furniture ("Most Popular"), not subheadings — unless a stamp follows (a
    # live-blog post's title) or nothing does (a subheading where an opening was cut).
    if body:
        for i in range(body[-1] + 1, n):
            follows = kinds[i + 1] if i + 1 < n else None
            if kinds[i] is Kind.HEADLINE and follows not in (Kind.DATELINE, Kind.BYLINE, None):
                kinds[i] = Kind.CHROME

    if hints:
        offsets = sorted(hints)
        previous_end = 0
        for i, line in enumerate(lines):
            # The hint given at the line's start, or where the converter began it (before a
            # non-breaking space that segmentation strips, say).
            at = bisect.bisect_right(offsets, line.start) - 1
            hint = hints[offsets[at]] if at >= 0 and offsets[at] >= previous_end else None
            previous_end = line.start + len(line.text)
            if hint is None or hint is kinds[i]:
                continue
            # The markup knows where the page's furniture and captions are; a dateline or a
            # byline inside an article's header is still one.
            if hint is Kind.CHROME and kinds[i] in (Kind.DATELINE, Kind.BYLINE):
                continue
            kinds[i] = hint
    return kinds
