"""The desk: loading articles, correcting texts and sentences, finding orphaned notes, events.

One module per concern; importing this package registers them all with the admin site.
"""

from django.contrib import admin

from desk.admin import events, notes, records, sentences, sources

admin.site.site_header = "The Reading Room — desk"
admin.site.site_title = "Reading Room desk"
admin.site.index_title = "Sources, sentences and notes"

__all__ = ["events", "notes", "records", "sentences", "sources"]
