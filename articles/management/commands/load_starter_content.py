"""Load the five seed articles and the starter editorial content; safe to run twice."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.services import (
    FIXTURES_DIR,
    QuoteNotFound,
    StarterContentError,
    seed_files,
    starter_notes_load,
    starter_outlets_load,
)
from timeline.services import starter_events_load


class Command(BaseCommand):
    help = "Load the seed articles, outlets, claimants, notes and timeline events from fixtures/."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=FIXTURES_DIR,
            help="Where outlets.json, seeds/, notes.json, events.json live (default: fixtures/).",
        )

    def handle(self, *args, fixtures_dir: Path, **options) -> None:
        try:
            # Sources, notes and events together: a bad row anywhere stores nothing.
            with transaction.atomic():
                starter_outlets_load(fixtures_dir=fixtures_dir)
                # The seeds go through the same command the desk uses for new files.
                call_command(
                    "import_articles",
                    *map(str, seed_files(fixtures_dir)),
                    no_original=True,
                    stdout=self.stdout,
                )
                notes = starter_notes_load(fixtures_dir=fixtures_dir)
                events = starter_events_load(fixtures_dir=fixtures_dir)
        except (QuoteNotFound, StarterContentError) as error:
            raise CommandError(
                f"Starter content not loaded (nothing was changed): {error}"
            ) from error
        self.stdout.write(
            f"notes    {notes.stored} stored, {notes.unchanged} already there, "
            f"{notes.revised} revised by The Reading Room"
        )
        for label in notes.kept:
            self.stdout.write(
                f"kept     {label}: an editor revised it after it was loaded; theirs is kept "
                f"and the starter revision was not applied"
            )
        self.stdout.write(f"events   {len(events)} timeline events loaded (published)")
