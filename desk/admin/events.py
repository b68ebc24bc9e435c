"""The desk's view of the timeline: events with their evidence sentences inline."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from timeline.models import Event, EventEvidence
from timeline.services import event_evidence_update, event_save


class EventEvidenceInline(admin.TabularInline):
    model = EventEvidence
    fields = ["order", "sentence", "role", "quote_exact"]
    readonly_fields = ["quote_exact"]
    autocomplete_fields = ["sentence"]
    extra = 1


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "when", "status", "place", "evidence_count"]
    list_filter = ["status", "date_precision"]
    search_fields = ["title", "summary", "place"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title",
        "slug",
        ("date", "end_date", "date_precision"),
        "place",
        "summary",
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
        """Evidence goes through the service, which anchors each link by its quote."""
        saved = formset.save(commit=False)
        event_evidence_update(saved=saved, removed=formset.deleted_objects)
        formset.save_m2m()
