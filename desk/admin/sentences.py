"""The desk's sentences: kinds corrected here; merge and split keep the spans tiling."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from articles.models import Sentence, SentenceKind
from articles.services import (
    SentenceEditError,
    sentence_merge,
    sentence_split,
    sentences_kind_set,
)
from desk.admin.base import DESK_CSS, DeskViewMixin, admin_url, excerpt
from desk.admin.correction_forms import SentenceSplitForm


class HasNoteFilter(admin.SimpleListFilter):
    title = "note"
    parameter_name = "has_note"

    def lookups(self, request, model_admin):
        return [("yes", "With a note"), ("no", "Without a note")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(note__isnull=self.value() == "no")
        return queryset


def _kind_action(kind: SentenceKind):
    def action(modeladmin, request, queryset):
        changed = sentences_kind_set(sentences=queryset, kind=kind)
        modeladmin.message_user(request, f"{changed} sentence(s) marked as {kind.label.lower()}.")

    action.__name__ = f"mark_{kind.value}"
    return admin.action(description=f"Mark as {kind.label.lower()}", permissions=["change"])(action)


@admin.register(Sentence)
class SentenceAdmin(DeskViewMixin, admin.ModelAdmin):
    """Kinds are corrected here; merge and split keep the spans tiling the text."""

    list_display = ("position", "article", "kind", "excerpt", "has_note")
    list_display_links = ("position",)
    list_editable = ("kind",)
    list_filter = ("kind", HasNoteFilter, "article__outlet")
    # Also what the timeline's evidence autocomplete searches (headline or slug).
    search_fields = ("text", "article__headline", "article__slug")
    list_select_related = ("article", "note")
    ordering = ("article", "position")
    list_per_page = 100
    fields = ("article", "position", "kind", "start", "end", "text", "note_link")
    readonly_fields = ("article", "position", "start", "end", "text", "note_link")
    actions = [_kind_action(kind) for kind in SentenceKind]
    change_form_template = "admin/articles/sentence/change_form.html"

    class Media:
        css = {"all": [DESK_CSS]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # sentences come from segmenting the text, never by hand

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a gap in the spans would break the tiling; merge instead

    @admin.display(description="sentence")
    def excerpt(self, sentence: Sentence) -> str:
        return excerpt(sentence.text, 120)

    @admin.display(description="note", boolean=True)
    def has_note(self, sentence: Sentence) -> bool:
        return hasattr(sentence, "note")

    @admin.display(description="note")
    def note_link(self, sentence: Sentence) -> str:
        note = getattr(sentence, "note", None)
        if note is None:
            return "—"
        return format_html('<a href="{}">{}</a>', admin_url(note), note)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="articles_sentence_merge",
            ),
            path(
                "<int:object_id>/split/",
                self.admin_site.admin_view(self.split_view),
                name="articles_sentence_split",
            ),
        ]
        return own + super().get_urls()

    def _editable(self, request: HttpRequest, object_id: int) -> Sentence:
        sentence = get_object_or_404(Sentence.objects.select_related("article"), pk=object_id)
        if not self.has_change_permission(request, sentence):
            raise PermissionDenied
        return sentence

    def merge_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Confirm, then merge the sentence with the next one (POST only writes)."""
        sentence = self._editable(request, object_id)
        following = Sentence.objects.filter(
            article=sentence.article, position=sentence.position + 1
        ).first()
        error = "" if following else "This is the article’s last sentence: nothing follows it."
        if request.method == "POST" and following:
            try:
                merged = sentence_merge(sentence=sentence)
            except SentenceEditError as refused:
                error = str(refused)
            else:
                self.log_change(request, merged, [{"changed": {"fields": ["end", "text"]}}])
                self.message_user(request, f"Merged into sentence #{merged.position}.")
                return HttpResponseRedirect(admin_url(merged))
        context = self.desk_context(
            request,
            title="Merge with the next sentence",
            original=sentence,
            following=following,
            error=error,
        )
        return TemplateResponse(request, "admin/articles/sentence/merge.html", context)

    def split_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        sentence = self._editable(request, object_id)
        if request.method == "POST":
            form = SentenceSplitForm(request.POST, sentence_text=sentence.text)
            if form.is_valid():
                try:
                    left, right = sentence_split(sentence=sentence, at=form.cleaned_data["marked"])
                except SentenceEditError as refused:
                    form.add_error("marked", str(refused))
                else:
                    self.log_change(request, left, [{"changed": {"fields": ["end", "text"]}}])
                    self.message_user(
                        request, f"Split into sentences #{left.position} and #{right.position}."
                    )
                    return HttpResponseRedirect(admin_url(left))
        else:
            form = SentenceSplitForm(initial={"marked": sentence.text}, sentence_text=sentence.text)
        context = self.desk_context(
            request,
            title="Split the sentence",
            original=sentence,
            form=form,
            fieldsets=[(None, {"fields": ("marked",)})],
        )
        return TemplateResponse(request, "admin/articles/sentence/split.html", context)
