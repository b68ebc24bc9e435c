"""Correcting an article's text at the desk, and telling the editor what moved where.

`articles.services.article_text_correct` keeps the old text as a revision and re-anchors notes
and links; this module asks for the new text and its reason and reports the outcome.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.models import Article
from articles.services import (
    ArticleImportError,
    CorrectionReport,
    DuplicateArticle,
    article_text_correct,
)
from desk.admin.base import admin_url, anchor_fix_url
from desk.admin.correction_forms import TextCorrectionForm
from desk.admin.intake_form import duplicate_message


class ArticleCorrectionViews:
    """The article admin's "Correct the text" page and the report after it."""

    def correct_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            form = TextCorrectionForm(request.POST)
            if form.is_valid():
                try:
                    report = article_text_correct(
                        article=article,
                        text=form.cleaned_data["text"],
                        reason=form.cleaned_data["reason"],
                        editor=request.user,
                    )
                except ArticleImportError as error:
                    message = error
                    if isinstance(error, DuplicateArticle):
                        message = duplicate_message(error.existing)
                    form.add_error(error.field if error.field in form.fields else None, message)
                else:
                    self.log_change(request, article, [{"changed": {"fields": ["text"]}}])
                    self._correction_report(request, report)
                    return HttpResponseRedirect(admin_url(article))
        else:
            form = TextCorrectionForm(initial={"text": article.text})
        context = self.desk_context(
            request,
            title=f"Correct the text of “{article.headline}”",
            original=article,
            form=form,
            fieldsets=[(None, {"fields": ("text", "reason")})],
        )
        return TemplateResponse(request, "admin/articles/article/correct.html", context)

    def _correction_report(self, request: HttpRequest, report: CorrectionReport) -> None:
        self.message_user(
            request,
            f"Revision {report.article.revision} stored ({report.sentences} sentences); the "
            f"previous text is kept as revision {report.revision.number}. "
            f"Notes and links re-anchored: {len(report.exact)} exactly, "
            f"{len(report.fuzzy)} by a close match.",
            messages.SUCCESS,
        )
        if report.fuzzy:
            self.message_user(
                request,
                format_html(
                    "Moved to a changed sentence by a close match — check them: {}",
                    format_html_join(
                        ", ",
                        '<a href="{}">{}</a> ({}% alike)',
                        (
                            (anchor_fix_url(o.anchor), o.label, round(o.score * 100))
                            for o in report.fuzzy
                        ),
                    ),
                ),
                messages.WARNING,
            )
        if report.addresses:
            self.message_user(
                request,
                format_html(
                    "Sentence addresses whose words changed (readers of old links are told): {}",
                    format_html_join(
                        "; ",
                        '<a href="{}">{}</a> {}',
                        (
                            (
                                reverse(
                                    "articles:sentence",
                                    kwargs={"slug": report.article.slug, "key": change.key},
                                ),
                                change.key,
                                change.get_change_display().lower(),
                            )
                            for change in report.addresses
                        ),
                    ),
                ),
                messages.INFO,
            )
        if report.orphaned:
            self.message_user(
                request,
                format_html(
                    "Orphaned, kept with their old quotes — re-attach them by hand: {}",
                    format_html_join(
                        ", ",
                        '<a href="{}">{}</a> ({})',
                        ((anchor_fix_url(o.anchor), o.label, o.reason) for o in report.orphaned),
                    ),
                ),
                messages.WARNING,
            )
