"""Loading a new article at the desk: text or file, a preview of its sentences, then save.

The article is stored by `articles.services.intake_store`, exactly as `import_articles` and the
seeds store theirs; this module only asks, previews and reports.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles.forms import PUBLICATION_DATE_FIELDS
from articles.intake import intake_segments
from articles.models import Article, SentenceKind
from articles.services import ArticleImportError, intake_store
from desk.admin.base import admin_url
from desk.admin.intake_form import ArticleIntakeForm, kinds_from

# How the desk enters a publication date, on the change page and at the preview alike.
DATE_FIELDSET = ("Publication date", {"fields": PUBLICATION_DATE_FIELDS})


class ArticleIntakeViews:
    """The article admin's add view: two steps, the text and its metadata, then the sentences."""

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """Two steps: the text and its metadata, then the sentences to check before saving."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._intake_render(request, ArticleIntakeForm(), segments=None)
        form = ArticleIntakeForm(request.POST, request.FILES)
        valid = form.is_valid()
        if form.intake is None:
            return self._intake_render(request, form, segments=None)
        form.language_suggest()
        segments = intake_segments(form.intake, language=form.data.get("language", ""))
        if valid and "_save" in request.POST and form.source_field is None:
            try:
                article = intake_store(
                    intake=form.intake,
                    kinds=kinds_from(request.POST, segments),
                    **form.article_fields(),
                )
            except ArticleImportError as error:
                form.service_error(error)
            else:
                return self._intake_saved(request, article)
        return self._intake_render(request, form, segments=segments)

    def _intake_saved(self, request: HttpRequest, article: Article) -> HttpResponse:
        self.log_addition(request, article, [{"added": {}}])
        self.message_user(
            request,
            format_html(
                'Stored “{}” with {} sentences. <a href="{}">Read it on the site</a>.',
                article.headline,
                article.sentences.count(),
                article.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(admin_url(article))

    def _intake_render(self, request: HttpRequest, form: ArticleIntakeForm, *, segments):
        preview = segments is not None
        meta = [
            (
                "Where it came from",
                {
                    "fields": (
                        "headline",
                        *(("headline_confirmed",) if form.headline_needs_confirming else ()),
                        "outlet",
                        "new_outlet",
                        "byline",
                        "outlet_as_printed",
                        "wire",
                    )
                },
            ),
            *(
                [("Copies", {"fields": ("copy_of",)})]
                if preview and (form.near or form["copy_of"].value())
                else []
            ),
            DATE_FIELDSET,
            ("Retrieval", {"fields": ("url", "retrieval_note", "language", "summary", "slug")}),
        ]
        source = [("The text", {"fields": ("text", "file")})]
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        rows = []
        if preview:
            for seg in segments:
                chosen = request.POST.get(f"kind-{seg.position}", seg.kind.value)
                rows.append((seg, chosen if chosen in SentenceKind.values else seg.kind.value))
        context = self.desk_context(
            request,
            title="Check the sentences, then save" if preview else "Load an article",
            form=form,
            fieldsets=meta if preview else source + meta,
            preview=preview,
            rows=rows,
            # Every select is a POST field; past Django's limit the kinds are shown read-only.
            kinds_editable=limit is None or len(rows) < limit - 100,
            kind_choices=SentenceKind.choices,
            state=form.state_token() if preview else "",
            intake=form.intake,
        )
        return TemplateResponse(request, "admin/articles/article/intake.html", context)
