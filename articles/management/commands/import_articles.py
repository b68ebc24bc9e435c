"""Load article files the way the admin does: python manage.py import_articles FILE..."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.services import ArticleImportError, DuplicateArticle, article_file_import


class Command(BaseCommand):
    help = (
        "Import .txt or .html article files, each with an optional sidecar FILE.json (headline, "
        "outlet, wire, published, published_precision, published_note, url, language, …). "
        "Reports per file: stored, skipped as a duplicate, or refused with the reason; exits "
        "non-zero if any file was refused."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)

    def handle(self, *args, files: list[Path], **options) -> None:
        refused = 0
        for path in files:
            try:
                record = _sidecar(path)
                article = article_file_import(path=path, record=record)
            except DuplicateArticle as duplicate:
                self.stdout.write(f"skipped {path}: duplicate of {duplicate.existing.slug}")
            except ArticleImportError as error:
                refused += 1
                self.stdout.write(f"refused {path}: {error}")
            else:
                self.stdout.write(f"stored {article.slug}")
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) refused.")


def _sidecar(path: Path) -> dict:
    """The metadata beside FILE, in FILE.json; {} when there is none."""
    sidecar = path.with_name(path.name + ".json")
    if not sidecar.exists():
        return {}
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArticleImportError(f"{sidecar.name} is not valid JSON: {error}") from None
    if not isinstance(record, dict):
        raise ArticleImportError(f"{sidecar.name} must hold one JSON object")
    return record
