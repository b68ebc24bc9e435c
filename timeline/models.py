"""Timeline events of the standoff, each backed by quoted sentences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from articles.models import DatePrecision, QuoteAnchor, Sentence, Status


class Role(models.TextChoices):
    REPORTS = "reports", "Reports"
    CLAIMS = "claims", "Claims (one party's statement)"
    DISPUTES = "disputes", "Disputes"


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Event(models.Model):
    """Something that happened or was said on a date, told in neutral words."""

    slug = models.SlugField(max_length=200, unique=True)
    date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    title = models.CharField(max_length=300)
    summary = models.TextField("summary (Markdown)", blank=True)
    # Rendered from `summary` and sanitised with nh3 on save; the only field marked safe.
    summary_html = models.TextField(blank=True, editable=False)
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "end_date", "title"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("timeline:index") + f"#{self.slug}"


class EventEvidence(QuoteAnchor):
    """A sentence that backs an event, with the role it plays."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_evidence"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.REPORTS)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name_plural = "event evidence"

    def __str__(self) -> str:
        return f"{self.event}: {self.role} {self.sentence}"
