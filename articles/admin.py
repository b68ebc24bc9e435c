"""Admin registrations for the articles app.

Minimal for now (the timeline branch): the sentence search the event-evidence autocomplete
needs. The admin branch owns this file; merge into its SentenceAdmin by keeping search_fields.
"""

from __future__ import annotations

from django.contrib import admin

from articles.models import Sentence


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    search_fields = ["text", "article__slug"]
