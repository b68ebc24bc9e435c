"""The desk's view of the timeline: events with their evidence sentences inline."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from articles import freshness
from timeline.models import Event, EventEvidence
from timeline.services import event_save, evidence_anchor


class EventEvidenceInline(admin.TabularInline):
    model = EventEvidence
    fields = ["order", "sentence", "role", "quote_exact"]
    readonly_fields = ["quote_exact"]
    autocomplete_fields = ["sentence"]
    extra = 1


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "when", "status", "place", "evidence_count"]
    list_filter = ["status", "date_precision", "is_context"]
    search_fields = ["title", "summary", "place"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title",
        "slug",
        ("date", "end_date", "date_precision"),
        "place",
        "summary",
        "is_context",
        "status",
        ("created_by", "published_by", "published_at"),
    ]
    readonly_fields = ["created_by", "published_by", "published_at"]
    inlines = [EventEvidenceInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).annotate(evidence_total=Count("evidence"))

    @admin.display(description="evidence", ordering="evidence_total")
    def evidence_count(self, event: Event) -> int:
        return event.evidence_total

    @admin.display(description="date", ordering="date")
    def when(self, event: Event) -> str:
        return event.when

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        # The service renders the summary and stamps publication, as everywhere else.
        event_save(event=obj, editor=request.user)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        """Anchor every evidence link by its quote, so it survives re-segmentation."""
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        for evidence in instances:
            if evidence.sentence_id:
                evidence_anchor(evidence)
            evidence.save()
        formset.save_m2m()
        freshness.event_changed(event=form.instance)

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        shown = freshness.event_keys(obj)
        super().delete_model(request, obj)
        freshness.stamps_bump(shown)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        shown = {key for event in queryset for key in freshness.event_keys(event)}
        super().delete_queryset(request, queryset)
        freshness.stamps_bump(shown)
