"""Importing an article file from disk: read and check everything first, then store.

One .txt, .html or .pdf file with its metadata record (a sidecar FILE.json): every problem
is collected before anything is written (a dry run shows them all), and a checked file is
stored through intake_store like any other intake. `import_articles` and the starter
content come through here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from pathlib import Path

from django.conf import settings

from articles.copies import NearCopy, StoredCopy, body_of, duplicate_of, near_copies, report_of
from articles.forms import Problem, record_clean
from articles.intake import Intake, IntakeError, headline_guess, intake_from_file, intake_segments
from articles.models import Article, Outlet
from articles.segmentation import Segment
from articles.services.sources import ArticleImportError, DuplicateArticle, intake_store


@dataclass
class FileCheck:
    """Everything known about one file before it is stored, and every problem with it."""

    path: Path
    intake: Intake | None = None
    headline: str = ""
    headline_guessed: bool = False
    outlet: Outlet | None = None
    outlet_name: str = ""
    fields: dict[str, object] = dataclass_field(default_factory=dict)
    copy_of: Article | None = None
    duplicate: StoredCopy | None = None
    near: list[NearCopy] = dataclass_field(default_factory=list)
    segments: list[Segment] = dataclass_field(default_factory=list)
    problems: list[Problem] = dataclass_field(default_factory=list)
    warnings: list[str] = dataclass_field(default_factory=list)

    @property
    def storable(self) -> bool:
        return self.intake is not None and not self.problems and self.duplicate is None


def article_file_check(
    *,
    path: Path,
    record: Mapping[str, object],
    keep_original: bool = True,
    outlets_pending: Sequence[str] = (),
) -> FileCheck:
    """Read and check one .txt/.html file with its metadata record; stores nothing.

    Every problem is collected (not only the first): the file, each metadata key, the
    headline, the outlet, the slug, a duplicate. A missing headline is taken from the text
    (an HTML page's <h1> or <title>, else the first heading-like line). A text that mostly
    repeats a stored article is recorded as a copy of it, unless the record says
    `"copy_of": false`. `outlets_pending` are names about to be created (a dry run).
    """
    check = FileCheck(path=path)
    try:
        data = path.read_bytes()
    except OSError as error:
        check.problems.append(Problem("file", f"cannot read the file: {error.strerror}"))
        data = None
    if data is not None:
        try:
            check.intake = intake_from_file(data, path.name, max_bytes=settings.ARTICLE_MAX_BYTES)
        except IntakeError as error:
            check.problems.append(Problem("file", str(error)))
    if check.intake is not None and not keep_original:
        check.intake = replace(check.intake, original=None)
    clean = record_clean(record)
    check.problems += clean.problems
    check.fields = clean.fields
    check.headline = clean.headline
    if not check.headline and check.intake is not None:
        check.headline = headline_guess(check.intake)
        check.headline_guessed = bool(check.headline)
        if check.headline_guessed:
            check.warnings.append(f"headline taken from the text: “{check.headline}”")
    if not check.headline and check.intake is not None:
        check.problems.append(
            Problem("headline", "none in the metadata and no heading-like line in the text")
        )
    check.outlet_name = clean.outlet
    _file_outlet_check(check, outlets_pending)
    slug = check.fields.get("slug")
    if slug and Article.objects.filter(slug=slug).exists():
        check.problems.append(Problem("slug", f"“{slug}” is already taken"))
    if check.intake is not None:
        if not check.fields.get("language") and check.intake.language:
            check.fields["language"] = check.intake.language[:20]  # as the page declares it
        check.segments = intake_segments(
            check.intake, language=str(check.fields.get("language") or "")
        )
        check.duplicate = duplicate_of(check.intake.text)
        if check.duplicate is None:
            _file_copy_check(check, clean.copy_of)
    return check


def _file_outlet_check(check: FileCheck, pending: Sequence[str]) -> None:
    name = check.outlet_name
    if not name:
        check.problems.append(Problem("outlet", 'none given: add "outlet" to the metadata'))
        return
    check.outlet = Outlet.objects.filter(name__iexact=name).first()
    if check.outlet is None and name.casefold() not in {p.casefold() for p in pending}:
        known = ", ".join(Outlet.objects.values_list("name", flat=True)) or "none yet"
        check.problems.append(
            Problem(
                "outlet",
                f"unknown outlet “{name}”: create it with --create-outlet (or in the admin), "
                f"or use one of: {known}",
            )
        )


def _file_copy_check(check: FileCheck, copy_of: str | bool | None) -> None:
    """Which stored report this text is a copy of: the record's word, else the sketch's."""
    if isinstance(copy_of, str):
        check.copy_of = Article.objects.filter(slug=copy_of).first()
        if check.copy_of is None:
            check.problems.append(Problem("copy_of", f"no stored article has the slug “{copy_of}”"))
        return
    body = body_of((seg.kind.value, seg.text) for seg in check.segments)
    check.near = near_copies(body)
    if check.near and copy_of is None:
        best = check.near[0]
        check.copy_of = report_of(best.article)
        check.warnings.append(
            f"looks like a copy of “{best.article.slug}” ({best.percent} % of the body matches): "
            f'recorded as a copy of “{check.copy_of.slug}” (say "copy_of": false if it is not)'
        )


def file_check_store(check: FileCheck) -> Article:
    """Store a checked file (refused with every problem if it has any)."""
    if check.duplicate is not None:
        raise DuplicateArticle(check.duplicate.article, revision=check.duplicate.revision)
    if check.problems or check.intake is None:
        first = check.problems[0].field if check.problems else "file"
        raise ArticleImportError("; ".join(str(p) for p in check.problems), field=first)
    outlet = check.outlet or Outlet.objects.get(name__iexact=check.outlet_name)
    return intake_store(
        intake=check.intake,
        outlet=outlet,
        headline=check.headline,
        copy_of=check.copy_of,
        segments=check.segments,
        **check.fields,
    )


def article_file_import(
    *, path: Path, record: Mapping[str, object], keep_original: bool = True
) -> Article:
    """Import one .txt or .html file with its metadata record (a sidecar FILE.json).

    article_file_check, then file_check_store: a duplicate raises DuplicateArticle, any
    other problem ArticleImportError naming every one.
    """
    return file_check_store(
        article_file_check(path=path, record=record, keep_original=keep_original)
    )


def sidecar_paths(path: Path) -> list[Path]:
    """Where FILE's metadata may be, in the order looked at: FILE.txt.json, then FILE.json."""
    return [path.with_name(path.name + ".json"), path.with_suffix(".json")]


def sidecar_find(path: Path) -> tuple[Path | None, list[Path]]:
    """The sidecar used for FILE (or None), and any other one beside it that is not used."""
    found = [candidate for candidate in dict.fromkeys(sidecar_paths(path)) if candidate.exists()]
    return (found[0] if found else None), found[1:]


def sidecar_read(path: Path) -> dict[str, object]:
    """The metadata beside FILE, in FILE.txt.json or FILE.json ({} when there is none).

    Refuses a file that is not one JSON object.
    """
    sidecar, _unused = sidecar_find(path)
    if sidecar is None:
        return {}
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArticleImportError(f"{sidecar.name} is not valid JSON: {error}") from None
    if not isinstance(record, dict):
        raise ArticleImportError(f"{sidecar.name} must hold one JSON object")
    return record
