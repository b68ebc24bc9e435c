"""Timeline events of the standoff, each backed by quoted sentences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.urls import reverse

from articles.models import DatePrecision, QuoteAnchor, Sentence, date_label
from notes.models import Evidence, Note, Relation, Status


class Role(models.TextChoices):
    REPORTS = "reports", "Reports"
    CLAIMS = "claims", "Claims (one party's statement)"
    DISPUTES = "disputes", "Disputes"


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user) -> EventQuerySet:
        """Editors (who may view events) see drafts; the public sees published events."""
        if user.has_perm("timeline.view_event"):
            return self
        return self.published()

    def with_contested(self) -> EventQuerySet:
        """Annotate `is_contested`: evidence in the role "disputes", or two evidence sentences
        whose published notes are linked as contradicting each other."""
        disputed = EventEvidence.objects.filter(event=OuterRef("pk"), role=Role.DISPUTES)
        contradicted = Evidence.objects.filter(
            relation=Relation.CONTRADICTS,
            note__status=Status.PUBLISHED,
            note__sentence__event_evidence__event=OuterRef("pk"),
            sentence__event_evidence__event=OuterRef("pk"),
        )
        return self.annotate(
            is_contested=ExpressionWrapper(
                Q(Exists(disputed)) | Q(Exists(contradicted)), output_field=BooleanField()
            )
        )

    def matching(
        self,
        *,
        source: str = "",
        claimant: str = "",
        credibility: int | None = None,
        contested: bool = False,
        include_draft_notes: bool = False,
    ) -> EventQuerySet:
        """Events with at least one evidence sentence that meets every condition given.

        The conditions apply to the same evidence sentence ("the Taliban's spokesman, graded 5,
        in this article"); grades and claimants come from published notes only, unless
        `include_draft_notes`. `contested` needs with_contested() first.
        """
        events = self
        if source or claimant or credibility:
            evidence = EventEvidence.objects.filter(event=OuterRef("pk"))
            if source:
                evidence = evidence.filter(sentence__article__slug=source)
            if claimant or credibility:
                if not include_draft_notes:
                    evidence = evidence.filter(sentence__note__status=Status.PUBLISHED)
                if claimant:
                    evidence = evidence.filter(sentence__note__claimant__name=claimant)
                if credibility:
                    evidence = evidence.filter(sentence__note__credibility=credibility)
            events = events.filter(Exists(evidence))
        if contested:
            events = events.filter(is_contested=True)
        return events

    def for_timeline(self, *, include_draft_notes: bool = False) -> EventQuerySet:
        """Events in date order with their evidence, sentences, outlets and notes attached, in
        a fixed number of queries however many events and sentences there are.

        Each evidence sentence gets `shown_note`: its published note (or any note, for
        editors), or None.
        """
        notes = Note.objects.all() if include_draft_notes else Note.objects.published()
        return (
            self.with_contested()
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=EventEvidence.objects.select_related(
                        "sentence__article__outlet", "anchor_article__outlet"
                    ),
                ),
                Prefetch(
                    "evidence__sentence__note",
                    queryset=notes.select_related("claimant", "anchor_article__outlet"),
                    to_attr="shown_note",
                ),
                Prefetch(
                    "evidence__sentence__shown_note__evidence",
                    queryset=Evidence.objects.select_related("sentence__article__outlet"),
                ),
            )
            .order_by("date", "date_precision", "end_date", "title")
        )


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

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def when(self) -> str:
        """The event's date as precisely as the sources allow."""
        return date_label(self.date, self.end_date, self.date_precision)


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

    @property
    def article(self):
        """The article quoted: the sentence's, or the anchor's once the sentence is gone."""
        return self.sentence.article if self.sentence else self.anchor_article

    @property
    def quote(self) -> str:
        return self.sentence.text if self.sentence else self.quote_exact
