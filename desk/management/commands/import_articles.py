"""Load article files the way the admin does: python manage.py import_articles FILE..."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import slugs
from articles.copies import text_key
from articles.forms import Problem
from articles.models import Article, Outlet, SourceReliability
from articles.services import (
    ArticleImportError,
    FileCheck,
    article_file_check,
    file_check_store,
    sidecar_find,
    sidecar_paths,
    sidecar_read,
    unique_slug,
)


class Command(BaseCommand):
    help = (
        "Import .txt, .html or .pdf article files, each with an optional sidecar FILE.txt.json "
        "or FILE.json (headline, outlet, byline, wire, published as YYYY-MM-DD or YYYY-MM, "
        "published_precision, url, language, copy_of, …), checked by the same rules as the "
        "admin's form. Reports per file: stored, skipped as a duplicate, or refused with every "
        "problem at once; exits non-zero if any file was refused."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
        parser.add_argument(
            "--no-original",
            action="store_true",
            help="Keep no copy of the files (for files kept elsewhere, like the seeds in git).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; store nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON array: per file its headline, outlet, date, problems and "
            "the sentences exactly as they are (or would be) stored.",
        )
        parser.add_argument(
            "--create-outlet",
            metavar="NAME",
            default="",
            help="Create this outlet first (with --reliability and --reliability-reason).",
        )
        parser.add_argument(
            "--reliability",
            choices=SourceReliability.values,
            help="The new outlet's Admiralty source-reliability grade, A–F.",
        )
        parser.add_argument(
            "--reliability-reason",
            default="",
            help="What the grade rests on (required for any grade but F).",
        )

    def handle(self, *args, files: list[Path], **options) -> None:
        self.as_json = options["json"]
        dry_run = options["dry_run"]
        pending = self._outlet_create(options, dry_run=dry_run)
        reports, refused, seen = [], 0, {}
        for path in files:
            report = self._file(path, options, pending=pending, dry_run=dry_run, seen=seen)
            refused += report["status"] == "refused"
            reports.append(report)
        for path in _unused_json(files):
            self._say(f"warning {path}: not used (no FILE imported beside it)")
        if self.as_json:
            self.stdout.write(json.dumps(reports, ensure_ascii=False, indent=2))
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) refused.")

    def _say(self, line: str) -> None:
        (self.stderr if self.as_json else self.stdout).write(line)

    def _outlet_create(self, options, *, dry_run: bool) -> list[str]:
        """Create the outlet named by --create-outlet (checked like the admin's); a dry run
        only checks it and treats the name as known."""
        name = " ".join(options["create_outlet"].split())
        if not name:
            if options["reliability"] or options["reliability_reason"]:
                raise CommandError("--reliability goes with --create-outlet NAME.")
            return []
        grade, reason = options["reliability"], options["reliability_reason"].strip()
        if grade is None:
            raise CommandError("--create-outlet needs --reliability (A–F).")
        if grade != SourceReliability.F and not reason:
            raise CommandError(
                f"--reliability {grade} needs --reliability-reason: what the grade rests on."
            )
        existing = Outlet.objects.filter(name__iexact=name).first()
        if existing is not None:
            self._say(f"outlet “{existing.name}” exists already (grade {existing.reliability})")
            return []
        outlet = Outlet(
            name=name,
            slug=slugs.unique_slug(Outlet, name, fallback="outlet"),
            reliability=grade,
            reliability_note=reason,
        )
        try:
            outlet.full_clean()
        except ValidationError as error:
            raise CommandError(
                "--create-outlet: "
                + "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        if dry_run:
            self._say(f"would create outlet “{name}” (grade {grade})")
            return [name]
        with transaction.atomic():
            outlet.save()
        self._say(f"created outlet “{name}” (grade {grade})")
        return []

    def _file(self, path: Path, options, *, pending, dry_run: bool, seen: dict) -> dict:
        sidecar, unused = sidecar_find(path)
        warnings = [f"{other.name} is not used: {sidecar.name} is read instead" for other in unused]
        try:
            record = sidecar_read(path)
        except ArticleImportError as error:
            check = FileCheck(path=path, problems=[Problem("sidecar", str(error))])
        else:
            check = article_file_check(
                path=path,
                record=record,
                keep_original=not options["no_original"],
                outlets_pending=pending,
            )
        check.warnings[:0] = warnings
        if check.intake is not None and check.duplicate is None:
            key = text_key(check.intake.text)
            if key in seen:
                check.problems.append(Problem("text", f"the same text as {seen[key]}"))
            seen.setdefault(key, str(path))
        article = None
        if check.duplicate is not None:
            status = "skipped"
            revision = check.duplicate.revision
            self._say(
                f"skipped {path}: duplicate of {check.duplicate.article.slug} "
                + (
                    f"(an earlier text of it, corrected in revision {revision.number})"
                    if revision is not None
                    else "(already stored)"
                )
            )
        elif check.problems or check.intake is None:
            status = "refused"
            self._say(f"refused {path}: " + "; ".join(str(p) for p in check.problems))
        elif dry_run:
            status = "would store"
            slug = check.fields.get("slug") or unique_slug(check.headline)
            self._say(f"would store {path} as {slug}")
        else:
            try:
                article = file_check_store(check)
            except ArticleImportError as error:  # lost a race with another import
                status = "refused"
                check.problems.append(Problem(error.field, str(error)))
                self._say(f"refused {path}: {error}")
            else:
                status = "stored"
                self._say(f"stored {article.slug}")
        for warning in check.warnings if status != "skipped" else warnings:
            self._say(f"warning {path}: {warning}")
        return _report(check, status, article)


def _report(check: FileCheck, status: str, article: Article | None) -> dict:
    """One file as --json prints it: what is (or would be) stored, offsets into its text."""
    published = check.fields.get("published")
    slug = (
        article.slug
        if article
        else check.fields.get("slug") or (unique_slug(check.headline) if check.headline else "")
    )
    return {
        "file": str(check.path),
        "status": status,
        "headline": check.headline,
        "outlet": check.outlet.name if check.outlet else check.outlet_name,
        "byline": check.fields.get("byline", ""),
        "published": published.isoformat() if published else None,
        "published_precision": check.fields.get("published_precision", ""),
        "slug": slug,
        "copy_of": check.copy_of.slug if check.copy_of else None,
        "duplicate_of": check.duplicate.article.slug if check.duplicate else None,
        "problems": [{"field": p.field, "message": p.message} for p in check.problems],
        "warnings": check.warnings,
        "sentences": [
            {
                "position": seg.position,
                "start": seg.start,
                "end": seg.end,
                "kind": seg.kind.value,
                "text": seg.text,
            }
            for seg in check.segments
        ],
    }


def _unused_json(files: list[Path]) -> list[Path]:
    """JSON files in the folders imported from that are no imported file's sidecar."""
    used = {candidate.resolve() for path in files for candidate in sidecar_paths(path)}
    folders = {path.parent.resolve() for path in files}
    return sorted(
        found
        for folder in folders
        if folder.is_dir()
        for found in folder.glob("*.json")
        if found.resolve() not in used
    )
