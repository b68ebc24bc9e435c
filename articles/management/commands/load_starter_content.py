"""Load the five seed articles and the starter editorial content; safe to run twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.services import QuoteNotFound, starter_sources_load
from timeline.services import starter_events_load


class Command(BaseCommand):
    help = "Load the seed articles, outlets, claimants, notes and timeline events from fixtures/."

    def handle(self, *args, **options) -> None:
        try:
            report = starter_sources_load()
            events = starter_events_load()
        except QuoteNotFound as error:
            raise CommandError(f"Starter content not loaded: {error}") from error
        for slug in report.stored:
            self.stdout.write(f"stored   {slug}")
        for slug in report.skipped:
            self.stdout.write(f"skipped  {slug} (already stored)")
        self.stdout.write(f"events   {len(events)} timeline events loaded (published)")
