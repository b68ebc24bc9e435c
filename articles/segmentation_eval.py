"""How well segmentation reads real pages: kinds and sentences against a labelled set.

The labelled set (``tests/data/desk_labelled/``) is openings of real news pages as stored, each
``NAME.txt`` beside ``NAME.json``: its address, shape (wire, live blog, transcript…), language
and, for every non-blank line, the kind an editor gives it and its true sentences. A line
counts as right when its kind is right (the kind of its last sentence: an agency dateline
split off the front of a paragraph is still a paragraph of body), and its sentences are right
when they are exactly the labelled ones.

Pure Python, like segmentation.py: the management command and the tests share it.
"""

from __future__ import annotations

import inspect
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from articles.segmentation import Kind, Segment, segment

__all__ = ["Fixture", "LineResult", "Report", "evaluate", "fixtures_load", "report_format"]

_LINE_RE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Fixture:
    name: str
    url: str
    shape: str
    language: str
    text: str
    lines: list[tuple[Kind, list[str]]]  # per non-blank line: true kind, true sentences


@dataclass(frozen=True)
class LineResult:
    fixture: str
    shape: str
    text: str
    kind: Kind
    predicted_kind: Kind | None
    sentences: list[str]
    predicted_sentences: list[str]

    @property
    def kind_right(self) -> bool:
        return self.kind is self.predicted_kind

    @property
    def sentences_right(self) -> bool:
        return self.sentences == self.predicted_sentences


@dataclass
class Report:
    lines: list[LineResult] = field(default_factory=list)

    def accuracy(self, results: Iterable[LineResult] | None = None) -> tuple[float, float]:
        """Share of lines with the right kind, and with exactly the right sentences."""
        rows = list(self.lines if results is None else results)
        if not rows:
            return 0.0, 0.0
        return (
            sum(r.kind_right for r in rows) / len(rows),
            sum(r.sentences_right for r in rows) / len(rows),
        )

    def by(self, key: Callable[[LineResult], str]) -> dict[str, list[LineResult]]:
        groups: dict[str, list[LineResult]] = defaultdict(list)
        for row in self.lines:
            groups[key(row)].append(row)
        return dict(sorted(groups.items()))

    def confusion(self) -> Counter[tuple[str, str]]:
        """(true kind, predicted kind) for every line whose kind is wrong."""
        return Counter(
            (r.kind.value, r.predicted_kind.value if r.predicted_kind else "-")
            for r in self.lines
            if not r.kind_right
        )


def fixtures_load(directory: Path) -> list[Fixture]:
    """Every NAME.txt with its NAME.json labels in ``directory``, in name order."""
    fixtures: list[Fixture] = []
    for path in sorted(directory.glob("*.txt")):
        labels = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        fixtures.append(
            Fixture(
                name=path.stem,
                url=labels["url"],
                shape=labels["shape"],
                language=labels.get("language", "en"),
                text=path.read_text(encoding="utf-8"),
                lines=[(Kind(kind), list(sentences)) for kind, *sentences in labels["lines"]],
            )
        )
    return fixtures


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _LINE_RE.finditer(text):
        raw = match.group()
        if raw.strip():
            start = match.start() + len(raw) - len(raw.lstrip())
            spans.append((start, start + len(raw.strip())))
    return spans


def _run(segmenter: Callable[..., list[Segment]], fixture: Fixture) -> list[Segment]:
    # The language is passed when the segmenter takes it (the eval also measures older ones).
    if "language" in inspect.signature(segmenter).parameters:
        return segmenter(fixture.text, language=fixture.language)
    return segmenter(fixture.text)


def evaluate(
    fixtures: Iterable[Fixture], segmenter: Callable[..., list[Segment]] = segment
) -> Report:
    """Segment each fixture's text and compare every line with its labels."""
    report = Report()
    for fixture in fixtures:
        segments = _run(segmenter, fixture)
        spans = _line_spans(fixture.text)
        if len(spans) != len(fixture.lines):
            raise ValueError(
                f"{fixture.name}: {len(spans)} non-blank lines but {len(fixture.lines)} labelled"
            )
        for (start, end), (kind, sentences) in zip(spans, fixture.lines, strict=True):
            inside = [s for s in segments if start <= s.start < end]
            report.lines.append(
                LineResult(
                    fixture=fixture.name,
                    shape=fixture.shape,
                    text=fixture.text[start:end],
                    kind=kind,
                    predicted_kind=inside[-1].kind if inside else None,
                    sentences=sentences,
                    predicted_sentences=[s.text for s in inside],
                )
            )
    return report


def _row(label: str, rows: list[LineResult], report: Report) -> str:
    kind, sentences = report.accuracy(rows)
    return f"  {label:<32} {len(rows):>5} {kind:>8.1%} {sentences:>10.1%}"


def report_format(report: Report, *, mistakes: bool = False) -> str:
    """The figures as the desk reads them: overall, per shape, per kind, per fixture."""
    kind, sentences = report.accuracy()
    fixtures = report.by(lambda r: r.fixture)
    out = [
        f"{len(fixtures)} fixtures, {len(report.lines)} lines",
        f"kind right:      {kind:.1%}",
        f"sentences right: {sentences:.1%}",
        "",
        f"  {'':<32} {'lines':>5} {'kind':>8} {'sentences':>10}",
    ]
    for title, key in (
        ("by shape", lambda r: r.shape),
        ("by true kind", lambda r: r.kind.value),
        ("by fixture", lambda r: r.fixture),
    ):
        out.append(title)
        out.extend(_row(label, rows, report) for label, rows in report.by(key).items())
    confusion = report.confusion()
    out.append("kinds confused (true -> predicted: lines)")
    out.extend(f"  {t} -> {p}: {n}" for (t, p), n in confusion.most_common())
    if not confusion:
        out.append("  none")
    if mistakes:
        out.append("lines wrong")
        for row in report.lines:
            if row.kind_right and row.sentences_right:
                continue
            out.append(f"  {row.fixture}: {row.text[:100]!r}")
            if not row.kind_right:
                got = row.predicted_kind.value if row.predicted_kind else "-"
                out.append(f"    kind {got}, should be {row.kind.value}")
            if not row.sentences_right:
                out.append(f"    sentences {row.predicted_sentences}")
                out.append(f"    should be {row.sentences}")
    return "\n".join(out)
