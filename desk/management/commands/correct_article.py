"""Store a corrected text for an article from a file, as the admin's "Correct the text" does.

    python manage.py correct_article SLUG FILE --reason "Restored the agency's second paragraph"

Prints what moved, what was orphaned and which sentence addresses changed meaning; exits
non-zero with the reason when the correction is refused (nothing is then changed).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.intake import IntakeError, intake_from_file
from articles.models import Article
from articles.services import ArticleImportError, CorrectionReport, article_text_correct


class Command(BaseCommand):
    help = "Correct an article's stored text from FILE; notes and addresses follow their words."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the article's slug")
        parser.add_argument("file", type=Path, help="the corrected text (.txt or .html)")
        parser.add_argument("--reason", required=True, help="why the text is corrected")

    def handle(self, *args, slug: str, file: Path, reason: str, **options) -> None:
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"refused: no article has the slug “{slug}”")
        if not reason.strip():
            raise CommandError("refused: say why the text is corrected (--reason)")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"refused: cannot read {file}: {error.strerror}") from None
        try:
            intake = intake_from_file(data, file.name, max_bytes=settings.ARTICLE_MAX_BYTES)
            report = article_text_correct(
                article=article, text=intake.text, reason=reason, editor=None
            )
        except (IntakeError, ArticleImportError) as error:
            raise CommandError(f"refused: {error}") from None
        self._print(report)

    def _print(self, report: CorrectionReport) -> None:
        article = report.article
        out = self.stdout.write
        out(
            f"corrected {article.slug}: revision {article.revision} stored "
            f"({report.sentences} sentences); the old text is revision {report.revision.number}"
        )
        for outcome in report.exact:
            out(f"kept {outcome.label} on sentence #{outcome.anchor.sentence.position}")
        for outcome in report.fuzzy:
            out(
                f"moved {outcome.label} to sentence #{outcome.anchor.sentence.position} "
                f"({round(outcome.score * 100)}% alike): check it"
            )
        for outcome in report.orphaned:
            out(f"orphaned {outcome.label}: {outcome.reason} (kept with its old quote)")
        for change in report.addresses:
            where = f"/articles/{article.slug}/s/{change.key}/"
            if change.change == "gone":
                out(f"address {where} now answers 410 Gone: “{change.old_text}”")
            elif change.change == "merged":
                out(
                    f"address {where} merged into /s/{change.now_key}/: it read “{change.old_text}”"
                )
            else:
                out(f"address {where} corrected: it read “{change.old_text}”")
        if not report.addresses:
            out("no sentence address changed meaning")
