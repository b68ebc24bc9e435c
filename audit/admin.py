"""The audit trail in the admin: staff read it, filter it, and nobody can change it."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "content_type", "object_repr", "summary", "ip")
    list_filter = ("action", "actor", "content_type", "at")
    date_hierarchy = "at"
    search_fields = ("object_repr", "summary", "actor_name", "ip")
    list_select_related = ("content_type",)
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    list_per_page = 100
    show_full_result_count = False  # a long trail: no second COUNT(*) over all of it

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # "The audit of this object", linked from every change form, filters on object_id.
        return lookup == "object_id" or super().lookup_allowed(lookup, value, request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
