"""The desk's sources: the article admin, its provenance fields and its original files.

Every write goes through articles.services, so a text loaded here comes out exactly like the
seeds and `import_articles`; the page cache follows each save by its registry.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.models import (
    Article,
    ArticleRevision,
    Sentence,
    count_per_article,
)
from desk.admin.article_correction import ArticleCorrectionViews
from desk.admin.article_intake import DATE_FIELDSET, ArticleIntakeViews
from desk.admin.base import DESK_CSS, DeskViewMixin
from notes.models import Note


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
class ArticleAdmin(ArticleIntakeViews, ArticleCorrectionViews, DeskViewMixin, admin.ModelAdmin):
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
