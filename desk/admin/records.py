"""The desk's records around the articles: outlets and their grades, superseded texts."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from articles.models import ArticleRevision, Outlet
from desk.admin.base import DESK_CSS, excerpt


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    """Superseded texts: readable, never edited."""

    list_display = ("article", "number", "replaced_at", "editor", "reason_excerpt")
    list_filter = ("article__outlet",)
    list_select_related = ("article", "editor")
    search_fields = ("article__headline", "reason", "text")
    fields = ("article", "number", "replaced_at", "editor", "reason", "sha256", "old_text")
    readonly_fields = fields

    class Media:
        css = {"all": [DESK_CSS]}

    @admin.display(description="reason")
    def reason_excerpt(self, revision: ArticleRevision) -> str:
        return excerpt(revision.reason)

    @admin.display(description="text as it was")
    def old_text(self, revision: ArticleRevision) -> str:
        return format_html('<pre class="desk-verbatim">{}</pre>', revision.text)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --------------------------------------------------------------------------------------------
# Sentences


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "reliability", "article_count")
    list_filter = ("reliability",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, outlet: Outlet) -> str:
        url = reverse("admin:articles_article_changelist") + f"?outlet__id__exact={outlet.pk}"
        return format_html('<a href="{}">{}</a>', url, outlet.article_total)
