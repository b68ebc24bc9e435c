"""Load the five seed articles and the starter editorial content; safe to run twice."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from articles.services import QuoteNotFound, seed_files, starter_outlets_load
from timeline.services import starter_events_load


class Command(BaseCommand):
    help = "Load the seed articles, outlets, claimants, notes and timeline events from fixtures/."

    def handle(self, *args, **options) -> None:
        try:
            starter_outlets_load()
            # The seeds go through the same command the desk uses for new files.
            call_command(
                "import_articles", *map(str, seed_files()), no_original=True, stdout=self.stdout
            )
            events = starter_events_load()
        except QuoteNotFound as error:
            raise CommandError(f"Starter content not loaded: {error}") from error
        self.stdout.write(f"events   {len(events)} timeline events loaded (published)")
