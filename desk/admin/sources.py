"""The desk's sources: load an article with a preview, correct its text, edit provenance.

Every write goes through articles.services, so a text loaded here comes out exactly like the
seeds and `import_articles`; the page cache follows each save by its registry.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from articles.intake import intake_segments
from articles.models import (
    Article,
    ArticleRevision,
    Sentence,
    SentenceKind,
    count_per_article,
)
from articles.services import (
    ArticleImportError,
    CorrectionReport,
    DuplicateArticle,
    article_text_correct,
    intake_store,
)
from desk.admin.base import DESK_CSS, DeskViewMixin, admin_url, anchor_fix_url
from desk.admin.forms import ArticleIntakeForm, TextCorrectionForm, duplicate_message, kinds_from
from notes.models import Note

# How the desk enters a publication date, on the change page and at the preview alike.
DATE_FIELDSET = (
    "Publication date",
    {
        "fields": (
            "published",
            "published_precision",
            "published_basis",
            "published_as_printed",
            "date_doubtful",
            "published_note",
        )
    },
)


class ArticleRevisionInline(admin.TabularInline):
    """Earlier texts of the article, each readable on its own page."""

    model = ArticleRevision
    fields = ("number", "replaced_at", "editor", "reason", "sha256")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "earlier text"
    verbose_name_plural = "earlier texts (corrections)"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(DeskViewMixin, admin.ModelAdmin):
    """The desk's articles: load with a preview, correct texts, edit provenance."""

    list_display = (
        "headline",
        "outlet",
        "published",
        "published_precision",
        "sentence_count",
        "note_count",
        "orphaned_count",
        "revision",
        "public_page",
    )
    list_filter = (
        "outlet",
        "published",
        "published_precision",
        "published_basis",
        "date_doubtful",
        "language",
    )
    search_fields = ("headline", "outlet__name", "text")
    date_hierarchy = "published"
    list_per_page = 50
    readonly_fields = (
        "text_excerpt",
        "sha256",
        "revision",
        "original_file",
        "sentence_links",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("headline", "slug", "summary", "outlet", "outlet_as_printed", "wire")}),
        DATE_FIELDSET,
        ("Retrieval", {"fields": ("url", "retrieval_note", "language")}),
        (
            "The verbatim record",
            {
                "description": "The text changes only through “Correct the text”, which keeps "
                "the old text as a revision and moves notes with their sentences.",
                "fields": (
                    "text_excerpt",
                    "sha256",
                    "revision",
                    "original_file",
                    "sentence_links",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )
    inlines = [ArticleRevisionInline]
    change_form_template = "admin/articles/article/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": [DESK_CSS]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        """Outlet, and counts of sentences, notes and orphaned notes, without a join each."""
        return Article.objects.select_related("outlet").annotate(
            sentence_count=count_per_article(Sentence.objects.all(), "article"),
            note_count=count_per_article(Note.objects.all(), "sentence__article"),
            orphaned_count=count_per_article(Note.objects.orphaned(), "anchor_article"),
        )

    @admin.display(description="sentences", ordering="sentence_count")
    def sentence_count(self, article: Article) -> str:
        url = reverse("admin:articles_sentence_changelist") + f"?article__id__exact={article.pk}"
        return format_html('<a href="{}">{}</a>', url, article.sentence_count)

    @admin.display(description="notes", ordering="note_count")
    def note_count(self, article: Article) -> int:
        return article.note_count

    @admin.display(description="orphaned notes", ordering="orphaned_count")
    def orphaned_count(self, article: Article) -> str:
        if not article.orphaned_count:
            return "—"
        url = reverse("admin:notes_note_changelist") + (
            f"?anchor_article__id__exact={article.pk}&orphaned=yes"
        )
        return format_html('<a href="{}">{} orphaned</a>', url, article.orphaned_count)

    @admin.display(description="on the site")
    def public_page(self, article: Article) -> str:
        return format_html(
            '<a href="{}">Read<span class="visually-hidden"> “{}” on the site</span></a>',
            article.get_absolute_url(),
            article.headline,
        )

    @admin.display(description="verbatim text")
    def text_excerpt(self, article: Article) -> str:
        return format_html(
            '<span class="desk-excerpt">{}</span><br><a href="{}">The whole record '
            "and its provenance</a> ({} characters)",
            Truncator(article.text).chars(600),
            article.get_source_url(),
            f"{len(article.text):,}",
        )

    @admin.display(description="original file")
    def original_file(self, article: Article) -> str:
        if not article.source_file:
            return "— (pasted, or loaded from the repository’s fixtures)"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_original", args=[article.pk]),
            PurePath(article.source_file.name).name,
        )

    @admin.display(description="sentences")
    def sentence_links(self, article: Article) -> str:
        changelist = reverse("admin:articles_sentence_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}">Sentences and their kinds</a> · '
            '<a href="{}?anchor_article__id__exact={}">Notes</a>',
            changelist,
            article.pk,
            reverse("admin:notes_note_changelist"),
            article.pk,
        )

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name="articles_article_correct",
            ),
            path(
                "<int:object_id>/original/",
                self.admin_site.admin_view(self.original_view),
                name="articles_article_original",
            ),
        ]
        return own + super().get_urls()

    # --- Loading a new article: text or file → preview of the sentences → save ------------

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

    # --- Correcting the text ---------------------------------------------------------------

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

    def original_view(self, request: HttpRequest, object_id: int) -> FileResponse:
        """The uploaded file, byte for byte; always a download, never rendered as a page."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if not article.source_file:
            raise Http404("No original file is kept for this article.")
        name = PurePath(article.source_file.name).name
        is_text = name.lower().endswith(".txt")
        return FileResponse(
            article.source_file.open("rb"),
            as_attachment=True,
            filename=name,
            content_type="text/plain; charset=utf-8" if is_text else "application/octet-stream",
        )
