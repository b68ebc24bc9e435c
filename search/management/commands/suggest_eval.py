"""Print how often the note form's suggestions hold the sentence an editor linked."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from search.evaluation import TOP, suggestion_score


class Command(BaseCommand):
    help = (
        "For the notes' corroborating and contradicting links to other articles, the share "
        f"whose linked sentence is among the top {TOP} suggestions (with the starter content)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--top", type=int, default=TOP, help=f"Suggestions shown (default {TOP})."
        )
        parser.add_argument("--misses", action="store_true", help="List the links not suggested.")

    def handle(self, *args, top: int, misses: bool, **options) -> None:
        score = suggestion_score(top=top)
        self.stdout.write(
            f"{score.found} of {score.total} links ({score.share:.0%}) are among the top {top} "
            "suggestions."
        )
        if misses:
            for link in score.missed:
                self.stdout.write(
                    f"  missed: “{link.note.sentence.text[:70]}” → “{link.sentence.text[:70]}”"
                )
