"""Notes and evidence: read here, written on the reading pages; orphans re-attached here."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from articles.anchoring import quote_candidates
from articles.models import Sentence
from articles.services import SentenceEditError, anchor_reattach
from desk.admin.base import DESK_CSS, DeskViewMixin, admin_url, excerpt
from notes.models import Claimant, Credibility, Evidence, Note


class OrphanedFilter(admin.SimpleListFilter):
    title = "anchoring"
    parameter_name = "orphaned"

    def lookups(self, request, model_admin):
        return [("yes", "Orphaned (quote not found)"), ("no", "Attached to a sentence")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(sentence__isnull=self.value() == "yes")
        return queryset


class GradeFilter(admin.SimpleListFilter):
    """The credibility digit of the Admiralty grade (the letter belongs to the outlet)."""

    title = "grade (information credibility)"
    parameter_name = "credibility"

    def lookups(self, request, model_admin):
        return [(str(value), f"{value} — {label}") for value, label in Credibility.choices]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(credibility=self.value())
        return queryset


class QuoteAnchorAdmin(DeskViewMixin, admin.ModelAdmin):
    """Shared by everything anchored by quote: read-only lists with the orphaned filter,
    and a page to re-attach an orphan to a sentence chosen by hand.

    Notes and links are written on the reading pages (which keep their revisions), so the
    admin shows them but does not edit them; nothing anchored is ever deleted here.
    """

    change_form_template = "admin/articles/quote_anchor_change_form.html"

    class Media:
        css = {"all": [DESK_CSS]}

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"] + ["anchoring"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="quote")
    def quote(self, anchor) -> str:
        return excerpt(anchor.quote_exact or (anchor.sentence.text if anchor.sentence else ""))

    @admin.display(description="orphaned", boolean=True)
    def orphaned(self, anchor) -> bool:
        return anchor.sentence_id is None

    @admin.display(description="anchoring")
    def anchoring(self, anchor) -> str:
        if anchor.sentence_id is None:
            return format_html(
                "<strong>Orphaned:</strong> its quote was not found after a correction. "
                '<a href="{}">Re-attach it to a sentence</a>.',
                admin_url(anchor, "reattach"),
            )
        return format_html(
            'On <a href="{}">sentence #{}</a> · <a href="{}">move it</a>',
            anchor.sentence.get_absolute_url(),
            anchor.sentence.position,
            admin_url(anchor, "reattach"),
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<int:object_id>/reattach/",
                self.admin_site.admin_view(self.reattach_view),
                name="{}_{}_reattach".format(*info),
            )
        ]
        return own + super().get_urls()

    def reattach_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Suggest the article's sentences most like the old quote; attach the one chosen."""
        anchor = get_object_or_404(
            self.model.objects.select_related("anchor_article", "sentence"), pk=object_id
        )
        if not self.has_change_permission(request, anchor) or anchor.anchor_article is None:
            raise PermissionDenied
        article = anchor.anchor_article
        sentences = list(Sentence.objects.for_article(article).only("position", "text"))
        error = ""
        if request.method == "POST":
            chosen = request.POST.get("position", "").strip()
            target = next((s for s in sentences if str(s.position) == chosen), None)
            if target is None:
                error = "Choose one of the suggestions or give the number of a sentence."
            else:
                target.article = article
                try:
                    anchor_reattach(anchor=anchor, sentence=target)
                except SentenceEditError as refused:
                    error = str(refused)
                else:
                    self.log_change(request, anchor, [{"changed": {"fields": ["sentence"]}}])
                    self.message_user(request, f"Attached to sentence #{target.position}.")
                    return HttpResponseRedirect(admin_url(anchor))
        quote = anchor.quote_exact or (anchor.sentence.text if anchor.sentence else "")
        taken: set[int] = set()
        if self.model._meta.get_field("sentence").one_to_one:  # one note per sentence
            taken = set(
                self.model.objects.filter(sentence__article=article)
                .exclude(pk=anchor.pk)
                .values_list("sentence_id", flat=True)
            )
        suggestions = [
            (sentences[i], round(score * 100), sentences[i].pk in taken)
            for i, score in quote_candidates([s.text for s in sentences], quote)
        ]
        context = self.desk_context(
            request,
            title=f"Re-attach {anchor._meta.verbose_name} #{anchor.pk}",
            original=anchor,
            article=article,
            quote=quote,
            suggestions=suggestions,
            sentence_count=len(sentences),
            error=error,
        )
        return TemplateResponse(request, "admin/articles/reattach.html", context)


@admin.register(Note)
class NoteAdmin(QuoteAnchorAdmin):
    list_display = ("quote", "anchor_article", "grade_shown", "status", "orphaned", "updated_at")
    list_filter = (GradeFilter, "status", OrphanedFilter, "anchor_article__outlet")
    search_fields = ("quote_exact", "body", "anchor_article__headline")
    list_select_related = ("sentence", "anchor_article__outlet")

    @admin.display(description="grade", ordering="credibility")
    def grade_shown(self, note: Note) -> str:
        return f"{note.grade} ({note.get_credibility_display().lower()})"


@admin.register(Evidence)
class EvidenceAdmin(QuoteAnchorAdmin):
    list_display = ("quote", "relation", "note", "anchor_article", "orphaned")
    list_filter = ("relation", OrphanedFilter)
    search_fields = ("quote_exact", "anchor_article__headline")
    list_select_related = ("sentence", "anchor_article", "note__sentence__article")


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ("name", "description")
    search_fields = ("name", "description")
