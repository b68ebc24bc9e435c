"""Measure segmentation on the labelled real pages: python manage.py segmentation_eval"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.segmentation_eval import evaluate, fixtures_load, report_format

DEFAULT_DIR = Path(settings.BASE_DIR) / "tests" / "data" / "desk_labelled"


class Command(BaseCommand):
    help = (
        "Per-line kind accuracy and sentence-boundary accuracy of the segmenter over the "
        "labelled openings of real news pages (tests/data/desk_labelled/), overall, per shape, "
        "per kind and per fixture, with the kinds it confuses."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the labelled set")
        parser.add_argument(
            "--mistakes", action="store_true", help="also list every line it gets wrong"
        )

    def handle(self, *args, dir: Path, mistakes: bool, **options) -> None:
        report = evaluate(fixtures_load(dir))
        self.stdout.write(report_format(report, mistakes=mistakes))
