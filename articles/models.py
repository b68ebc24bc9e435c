"""Source records, their sentences, and the newsroom's reliability notes on them.

The verbatim text of an article is the evidence: it is stored once, checksummed, and every
view (sentences, quotes, anchors) is derived from offsets into it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from articles.segmentation import Kind


def text_sha256(text: str) -> str:
    """The checksum of a stored text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SourceReliability(models.TextChoices):
    """Admiralty (NATO) source reliability: about the outlet, judged on its record."""

    A = "A", "Completely reliable"
    B = "B", "Usually reliable"
    C = "C", "Fairly reliable"
    D = "D", "Not usually reliable"
    E = "E", "Unreliable"
    F = "F", "Reliability cannot be judged"


class Credibility(models.IntegerChoices):
    """Admiralty (NATO) information credibility: about one piece of information."""

    CONFIRMED = 1, "Confirmed by other sources"
    PROBABLE = 2, "Probably true"
    POSSIBLE = 3, "Possibly true"
    DOUBTFUL = 4, "Doubtful"
    IMPROBABLE = 5, "Improbable"
    CANNOT_JUDGE = 6, "Truth cannot be judged"


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    APPROXIMATE = "approximate", "Approximate day"
    MONTH = "month", "Month only"


class DateBasis(models.TextChoices):
    PRINTED = "printed", "Printed in the text"
    INFERRED = "inferred", "Inferred from the text"


class SentenceKind(models.TextChoices):
    """What a sentence is on the page; values are those the segmenter assigns."""

    HEADLINE = Kind.HEADLINE.value, "Headline"
    DATELINE = Kind.DATELINE.value, "Dateline"
    BYLINE = Kind.BYLINE.value, "Byline"
    CAPTION = Kind.CAPTION.value, "Caption"
    BODY = Kind.BODY.value, "Body"
    CHROME = Kind.CHROME.value, "Page chrome"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Outlet(models.Model):
    """A publication an article came through; source reliability is graded here."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.CharField(max_length=300, blank=True)
    reliability = models.CharField(
        "source reliability",
        max_length=1,
        choices=SourceReliability.choices,
        default=SourceReliability.F,
    )
    reliability_note = models.TextField(
        blank=True,
        max_length=5_000,
        help_text="Why this source-reliability grade: what it rests on.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _count_per_article(queryset: models.QuerySet, article_field: str) -> Coalesce:
    """A correlated COUNT, so several counts per article never multiply each other's rows."""
    counted = (
        queryset.filter(**{article_field: OuterRef("pk")})
        .order_by()
        .values(article_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class ArticleQuerySet(models.QuerySet):
    def for_index(self) -> ArticleQuerySet:
        """Sources in reading order with their sentence counts, without their texts.

        The count is a subquery per listed article rather than a join and GROUP BY over all
        sentences, so a page of the index costs the same however large the corpus grows.
        """
        return (
            self.select_related("outlet")
            .defer("text")
            .annotate(sentence_count=_count_per_article(Sentence.objects.all(), "article"))
            .order_by("published", "slug")
        )

    def for_desk(self) -> ArticleQuerySet:
        """The admin's list: outlet, and counts of sentences, notes and orphaned notes."""
        return self.select_related("outlet").annotate(
            sentence_count=_count_per_article(Sentence.objects.all(), "article"),
            note_count=_count_per_article(Note.objects.all(), "sentence__article"),
            orphaned_count=_count_per_article(
                Note.objects.filter(sentence__isnull=True), "anchor_article"
            ),
        )


class Article(models.Model):
    """One source record: the verbatim text as it reached us, with its provenance."""

    slug = models.SlugField(max_length=200, unique=True)
    headline = models.CharField(max_length=500)
    summary = models.CharField("one-line description", max_length=500, blank=True)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    outlet_as_printed = models.CharField(
        max_length=200, blank=True, help_text="The outlet's name exactly as the text prints it."
    )
    wire = models.CharField(
        "wire agency", max_length=100, blank=True, help_text="AFP, VOA, … where the text names one."
    )
    published = models.DateField("publication date", null=True, blank=True)
    published_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    published_basis = models.CharField(
        "how the date was determined",
        max_length=10,
        choices=DateBasis.choices,
        default=DateBasis.PRINTED,
    )
    published_as_printed = models.CharField(max_length=200, blank=True)
    date_doubtful = models.BooleanField(
        default=False, help_text="The printed or inferred date is itself in doubt."
    )
    published_note = models.TextField(
        "date reasoning",
        blank=True,
        max_length=5_000,
        help_text="How the date was determined, step by step.",
    )
    url = models.URLField("original URL", max_length=500, blank=True)
    retrieval_note = models.TextField(blank=True, max_length=5_000)
    language = models.CharField(max_length=20, default="en")
    text = models.TextField("verbatim text")
    sha256 = models.CharField("SHA-256", max_length=64, unique=True, editable=False)
    source_file = models.FileField(
        upload_to="article-sources/%Y/%m/", blank=True, help_text="The original file, as evidence."
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["published", "slug"]
        # The index lists sources in this order a page at a time; without the index every
        # page would sort the whole table.
        indexes = [models.Index(fields=["published", "slug"], name="article_reading_order")]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_source_url(self) -> str:
        return reverse("articles:source", kwargs={"slug": self.slug})


class ArticleRevision(models.Model):
    """A superseded text of an article, kept readable after a correction."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField("SHA-256", max_length=64)
    reason = models.TextField(help_text="Why the text was corrected.")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_article_revision")
        ]

    def __str__(self) -> str:
        return f"{self.article} — revision {self.number}"


def sees_draft_notes(user) -> bool:
    """Drafts are the editors' work in progress: only those who write notes see them.

    Not `view_note`: the desk holds it to work in the admin, and still sees published notes
    only, on the reading pages and in the admin alike.
    """
    return user.has_perm("articles.change_note")


class SentenceQuerySet(models.QuerySet):
    def for_article(self, article: Article) -> SentenceQuerySet:
        return self.filter(article=article).order_by("position")

    def with_notes(self, *, drafts: bool = False) -> SentenceQuerySet:
        """Attach each sentence's note as `sentence.note`, in a fixed number of queries.

        Without `drafts`, only published notes are fetched: a sentence whose note is a draft
        then reads as having none (`sentence.note` raises, templates see nothing), so no page
        built on this can leak a draft.
        """
        notes = Note.objects.all() if drafts else Note.objects.published()
        return self.prefetch_related(
            Prefetch("note", queryset=notes.for_display()),
            Prefetch(
                "note__evidence",
                # The cited article's verbatim text is not shown; leave it in the database.
                queryset=Evidence.objects.select_related("sentence__article__outlet").defer(
                    "sentence__article__text"
                ),
            ),
        )

    def with_published_notes(self) -> SentenceQuerySet:
        """Attach the published note (if any) so a page reads notes without a query each."""
        return self.with_notes(drafts=False)

    def with_notes_visible_to(self, user) -> SentenceQuerySet:
        """Editors see drafts too; everyone else only published notes."""
        return self.with_notes(drafts=sees_draft_notes(user))

    def search(self, query: str) -> SentenceQuerySet:
        return self.filter(text__icontains=query).exclude(kind=SentenceKind.CHROME)


class Sentence(models.Model):
    """A span of an article's verbatim text; spans tile the text exactly."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField(help_text="1-based order within the article.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=SentenceKind.choices, default=SentenceKind.BODY)
    # A copy of article.text[start:end], kept for search; always derived, never edited.
    text = models.TextField()

    objects = SentenceQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="unique_sentence_position"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="sentence_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} #{self.position}"

    def get_absolute_url(self) -> str:
        return reverse(
            "articles:sentence", kwargs={"slug": self.article.slug, "position": self.position}
        )

    def get_note_url(self) -> str:
        """Where an editor writes this sentence's note (a full page without JavaScript)."""
        return reverse(
            "articles:note", kwargs={"slug": self.article.slug, "position": self.position}
        )


class Claimant(models.Model):
    """Who makes a claim: a spokesman, an unnamed aide, the outlet's own voice."""

    name = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QuoteAnchor(models.Model):
    """Where a note or link points, kept by quote so it survives re-segmentation.

    Follows the W3C Web Annotation TextQuoteSelector idea: exact text with a little
    context either side, plus the last known offsets into the article's text.
    """

    anchor_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quote_exact = models.TextField(blank=True)
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class NoteQuerySet(models.QuerySet):
    def published(self) -> NoteQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user) -> NoteQuerySet:
        if sees_draft_notes(user):
            return self
        return self.published()

    def orphaned(self) -> NoteQuerySet:
        return self.filter(sentence__isnull=True)

    def for_display(self) -> NoteQuerySet:
        """What a badge and a note need: the outlet for the grade letter, the claimant.

        The anchor article's verbatim text is deferred: one copy per note made a page with
        a note on each of 2,000 sentences fetch the article's text 2,000 times.
        """
        return self.select_related("anchor_article__outlet", "claimant", "published_by").defer(
            "anchor_article__text"
        )


class Note(QuoteAnchor):
    """The newsroom's current reliability assessment of one sentence."""

    sentence = models.OneToOneField(
        Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="note"
    )
    credibility = models.PositiveSmallIntegerField(choices=Credibility.choices)
    claimant = models.ForeignKey(
        Claimant, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    # Every free-text field has a bound, so no single POST holds a worker rendering it.
    body = models.TextField("note (Markdown)", blank=True, max_length=20_000)
    # Rendered from `body` and sanitised with nh3 on save; the only field marked safe.
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Note on {self.sentence or 'an orphaned quote'}"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def grade(self) -> str:
        """The Admiralty grade as shown: the outlet's letter, then this note's digit ("F4").

        Reads anchor_article.outlet: select_related("note__anchor_article__outlet") on lists.
        """
        outlet = self.anchor_article.outlet if self.anchor_article else None
        return f"{outlet.reliability if outlet else SourceReliability.F}{self.credibility}"


class NoteRevision(models.Model):
    """Every save of a note, whole, so no editor's work is ever lost."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    saved_at = models.DateTimeField(auto_now_add=True)
    credibility = models.PositiveSmallIntegerField(choices=Credibility.choices)
    claimant_name = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["note", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["note", "version"], name="unique_note_version")
        ]

    def __str__(self) -> str:
        return f"{self.note} v{self.version}"


class Relation(models.TextChoices):
    CORROBORATES = "corroborates", "Corroborates"
    CONTRADICTS = "contradicts", "Contradicts"


class Evidence(QuoteAnchor):
    """A link from a note to another sentence that corroborates or contradicts it."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by"
    )
    relation = models.CharField(max_length=12, choices=Relation.choices)

    class Meta:
        ordering = ["note", "relation", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.note} {self.relation} {self.sentence}"


class ContentStamp(models.Model):
    """A token that changes whenever what the public sees under `key` changes.

    Keys name what a page shows ("site", "index", "timeline", "article:<slug>"); public pages
    read their stamps in one query and use them as cache keys and ETags. Written only through
    articles/freshness.py, in the same transaction as the change it stamps.
    """

    key = models.CharField(max_length=220, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"
