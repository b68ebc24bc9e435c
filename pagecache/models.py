"""The one record the page cache keeps in the database: a stamp per thing the public sees."""

from __future__ import annotations

from django.db import models


class ContentStamp(models.Model):
    """A token that changes whenever what the public sees under `key` changes.

    Keys name what a page shows ("site", "index", "timeline", "article:<slug>"); public pages
    read their stamps in one query and use them as cache keys and ETags. Written only through
    pagecache.stamps, in the same transaction as the change it stamps.
    """

    key = models.CharField(max_length=220, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        # The table predates this app (it was created as part of `articles`).
        db_table = "articles_contentstamp"

    def __str__(self) -> str:
        return f"{self.key} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"
