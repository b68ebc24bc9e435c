"""How an article reads: its sentences grouped back into the paragraphs of the text.

Paragraphs are not stored; they are derived from the line breaks in the gaps between
sentence spans, so the verbatim text stays the only source of truth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


class Span(Protocol):
    start: int
    end: int
    kind: str


@dataclass
class Paragraph:
    """Consecutive sentences of one kind with no line break between them."""

    kind: str
    sentences: list = field(default_factory=list)

    @property
    def is_chrome(self) -> bool:
        return self.kind == "chrome"


def paragraphs(text: str, sentences: Iterable[Span]) -> list[Paragraph]:
    """Group sentences (in order) into paragraphs, breaking at line breaks and kind changes."""
    result: list[Paragraph] = []
    previous_end = 0
    for sentence in sentences:
        gap = text[previous_end : sentence.start]
        if not result or "\n" in gap or result[-1].kind != sentence.kind:
            result.append(Paragraph(kind=sentence.kind))
        result[-1].sentences.append(sentence)
        previous_end = sentence.end
    return result
