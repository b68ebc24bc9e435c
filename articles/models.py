"""Source records and their sentences.

The verbatim text of an article is the evidence: it is stored once, checksummed, and every
view (sentences, quotes, anchors) is derived from offsets into it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from articles.addressing import keys_issue
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


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    APPROXIMATE = "approximate", "Approximate day"
    MONTH = "month", "Month only"


def date_label(start: dt.date, end: dt.date | None, precision: str) -> str:
    """A date as precisely as the sources allow: "about 22 August 2021", "August 2021"."""
    if precision == DatePrecision.MONTH:
        if end is None or (end.year, end.month) == (start.year, start.month):
            return f"{start:%B %Y}"
        if end.year == start.year:
            return f"{start:%B}–{end:%B %Y}"
        return f"{start:%B %Y} – {end:%B %Y}"
    about = "about " if precision == DatePrecision.APPROXIMATE else ""
    if end is None or end == start:
        return f"{about}{start.day} {start:%B %Y}"
    if (end.year, end.month) == (start.year, start.month):
        return f"{about}{start.day}–{end.day} {end:%B %Y}"
    if end.year == start.year:
        return f"{about}{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{about}{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


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


def count_per_article(queryset: models.QuerySet, article_field: str) -> Coalesce:
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
            .annotate(sentence_count=count_per_article(Sentence.objects.all(), "article"))
            .order_by("published", "slug")
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
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text=(
            "The article this one is a copy of (a re-print, re-post or syndicated copy of one "
            "report): copies of one report are one source, not independent of each other."
        ),
    )
    byline = models.CharField(
        "author or byline", max_length=300, blank=True, help_text="Who the text says wrote it."
    )
    # Free text is bounded everywhere, so no single POST holds a worker.
    retrieval_note = models.TextField(blank=True, max_length=5_000)
    language = models.CharField(max_length=20, default="en")
    text = models.TextField("verbatim text")
    sha256 = models.CharField("SHA-256", max_length=64, unique=True, editable=False)
    # The SHA-256 of the text with trailing spaces and edge blank lines dropped: a copy that
    # differs only there is the same text (articles.copies.text_key).
    text_key = models.CharField(max_length=64, db_index=True, editable=False, default="")
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

    @property
    def published_label(self) -> str:
        """The publication date as precisely as it is known ("about 23 August 2021")."""
        if self.published is None:
            return ""
        return date_label(self.published, None, self.published_precision)

    def get_source_url(self) -> str:
        return reverse("articles:source", kwargs={"slug": self.slug})


class ArticleRevision(models.Model):
    """A superseded text of an article, kept readable after a correction."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField("SHA-256", max_length=64)
    text_key = models.CharField(max_length=64, db_index=True, editable=False, default="")
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


class ArticleFingerprint(models.Model):
    """One token of an article's body sketch (articles.copies): near-copies share most.

    A few dozen small rows per article, indexed, so finding the stored articles a new text
    mostly repeats is one query however large the corpus.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="fingerprint")
    token = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "token"], name="unique_fingerprint_token")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.token}"


class SentenceQuerySet(models.QuerySet):
    def for_article(self, article: Article) -> SentenceQuerySet:
        return self.filter(article=article).order_by("position")


def sentence_key_new() -> str:
    """A fresh sentence key (see articles.addressing): the default for a new sentence."""
    return keys_issue(1)[0]


class Sentence(models.Model):
    """A span of an article's verbatim text; spans tile the text exactly."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    # The sentence's address: issued once, carried through corrections to the same words.
    key = models.CharField(max_length=12, default=sentence_key_new, editable=False)
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
            models.UniqueConstraint(fields=["article", "key"], name="unique_sentence_key"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="sentence_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} #{self.position}"

    def get_absolute_url(self) -> str:
        """The sentence's stable address: it means these words for as long as the site runs."""
        return reverse("articles:sentence", kwargs={"slug": self.article.slug, "key": self.key})

    def get_note_url(self) -> str:
        """Where an editor writes this sentence's note (a full page without JavaScript)."""
        return reverse(
            "articles:note", kwargs={"slug": self.article.slug, "position": self.position}
        )


class AddressChange(models.TextChoices):
    CORRECTED = "corrected", "Corrected"
    SPLIT = "split", "Split"
    MERGED = "merged", "Merged"
    GONE = "gone", "Gone"


class SentenceAddress(models.Model):
    """What happened to the words at one sentence address: the record an old link needs.

    One row per change: the words as they read before it, in which revision of the text, and
    the key of the sentence that holds them now (blank when they are gone).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="addresses")
    key = models.CharField(max_length=12)
    change = models.CharField(max_length=10, choices=AddressChange.choices)
    old_text = models.TextField(help_text="The sentence as it read before the change.")
    old_position = models.PositiveIntegerField()
    revision = models.PositiveIntegerField(help_text="The revision of the text it read so in.")
    now_key = models.CharField(max_length=12, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "key", "changed_at", "pk"]
        indexes = [models.Index(fields=["article", "key"], name="sentence_address_key")]
        verbose_name_plural = "sentence address changes"

    def __str__(self) -> str:
        return f"{self.article.slug}/s/{self.key}: {self.change}"


class SentencePosition(models.Model):
    """Which sentence a position-style link (`/s/<n>/`) meant when positions were addresses.

    Recorded when an article's sentences are first stored (and, for older articles, by the
    migration that introduced keys), never rewritten: an old link keeps meaning its words.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="positions")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=12)
    revision = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="unique_issued_position")
        ]

    def __str__(self) -> str:
        return f"{self.article.slug}/s/{self.position} → {self.key}"


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
    # Set when a correction moved it by a close match: the words it was written on, kept.
    reanchored_from = models.TextField(blank=True)
    reanchored_at = models.DateTimeField(null=True, blank=True)
    # Why it has no sentence (a correction removed it, a merge, a detach), for the desk.
    orphan_reason = models.CharField(max_length=300, blank=True)
    # An orphan of a merge: the key of the sentence its words went into, to fold it into.
    fold_into = models.CharField(max_length=12, blank=True)

    class Meta:
        abstract = True
