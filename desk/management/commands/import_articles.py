"""Load article files the way the admin does: python manage.py import_articles FILE..."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.services import (
    ArticleImportError,
    DuplicateArticle,
    article_file_import,
    sidecar_read,
)


class Command(BaseCommand):
    help = (
        "Import .txt, .html or .pdf article files, each with an optional sidecar FILE.json "
        "(headline, outlet, wire, published, published_precision, published_note, url, "
        "language, …). "
        "Reports per file: stored, skipped as a duplicate, or refused with the reason; exits "
        "non-zero if any file was refused."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
        parser.add_argument(
            "--no-original",
            action="store_true",
            help="Keep no copy of the files (for files kept elsewhere, like the seeds in git).",
        )

    def handle(self, *args, files: list[Path], no_original: bool, **options) -> None:
        refused = 0
        for path in files:
            try:
                article = article_file_import(
                    path=path, record=sidecar_read(path), keep_original=not no_original
                )
            except DuplicateArticle as duplicate:
                self.stdout.write(
                    f"skipped {path}: duplicate of {duplicate.existing.slug} (already stored)"
                )
            except ArticleImportError as error:
                refused += 1
                self.stdout.write(f"refused {path}: {error}")
            else:
                self.stdout.write(f"stored {article.slug}")
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) refused.")
