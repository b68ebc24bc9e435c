"""The newsroom's reliability notes on sentences: grades, claimants, evidence, revisions.

Notes sit on top of sources and sentences (`articles`), which know nothing of them: a note
points at its sentence by quote (QuoteAnchor), so a correction of the text can find it again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, QuerySet

from articles.models import QuoteAnchor, Sentence, SourceReliability


class Credibility(models.IntegerChoices):
    """Admiralty (NATO) information credibility: about one piece of information."""

    CONFIRMED = 1, "Confirmed by other sources"
    PROBABLE = 2, "Probably true"
    POSSIBLE = 3, "Possibly true"
    DOUBTFUL = 4, "Doubtful"
    IMPROBABLE = 5, "Improbable"
    CANNOT_JUDGE = 6, "Truth cannot be judged"

    @property
    def icon(self) -> str:
        """The badge's shape for this grade, so no grade is told by colour alone."""
        return GRADE_ICONS[self]


GRADE_ICONS = {1: "✔", 2: "▲", 3: "◆", 4: "?", 5: "✖", 6: "∅"}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Claimant(models.Model):
    """Who makes a claim: a spokesman, an unnamed aide, the outlet's own voice."""

    name = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        db_table = "articles_claimant"

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """The name without its description: "Zabihullah Mujahid, Taliban spokesman" reads
        "Zabihullah Mujahid" beside a grade."""
        short = self.name
        for mark in (",", " — ", " ("):
            short = short.split(mark)[0]
        return short.strip() or self.name


class GradeAbout(models.TextChoices):
    """What a note's grade is about: normally the claim; sometimes only that it was said."""

    CLAIM = "claim", "The claim about the world"
    STATEMENT = "statement", "That the statement was made"


class NoteQuerySet(models.QuerySet):
    def published(self) -> NoteQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user) -> NoteQuerySet:
        """Drafts for those who may see them (see `sees_drafts`), published notes for all."""
        return self if sees_drafts(user) else self.published()

    def orphaned(self) -> NoteQuerySet:
        """Notes whose sentence has gone (a correction or a merge): kept with their quote."""
        return self.filter(sentence__isnull=True)

    def annotations(self) -> NoteQuerySet:
        """Published notes that sit on a sentence, in a stable order: the W3C collection."""
        return (
            self.published()
            .filter(sentence__isnull=False)
            .select_related("sentence__article", "anchor_article__outlet", "claimant", "created_by")
            .defer("sentence__article__text", "anchor_article__text")
            .prefetch_related(
                # Each note's links to the sentences it cites, with their relation.
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.select_related("sentence__article").defer(
                        "sentence__article__text"
                    ),
                )
            )
            .order_by("pk")
        )

    def with_cited_evidence(self, user) -> NoteQuerySet:
        """For a note shown in full: its evidence with each cited sentence and its note.

        A cited sentence's note is shown only as far as `user` may see it (no drafts to readers).
        """
        cited = Sentence.objects.select_related("article__outlet").prefetch_related(
            Prefetch("note", queryset=Note.objects.visible_to(user).for_display())
        )
        return self.for_display().prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.prefetch_related(Prefetch("sentence", queryset=cited)),
            )
        )

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
    grade_about = models.CharField(
        "the grade is about",
        max_length=10,
        choices=GradeAbout.choices,
        default=GradeAbout.CLAIM,
        help_text="A badge reads as grading the claim unless it says otherwise.",
    )
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
        db_table = "articles_note"

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

    @property
    def is_about_statement(self) -> bool:
        return self.grade_about == GradeAbout.STATEMENT

    @property
    def grade_icon(self) -> str:
        return Credibility(self.credibility).icon

    @property
    def grade_label(self) -> str:
        """The credibility in words as a badge shows it, saying when it grades only that the
        statement was made: "Confirmed by other sources: that Mujahid said it"."""
        label = self.get_credibility_display()
        if not self.is_about_statement:
            return label
        if self.claimant is None:
            return f"{label}: that the statement was made"
        return f"{label}: that {self.claimant.short_name} said it"


class NoteRevision(models.Model):
    """Every save of a note, whole, so no editor's work is ever lost."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    saved_at = models.DateTimeField(auto_now_add=True)
    credibility = models.PositiveSmallIntegerField(choices=Credibility.choices)
    grade_about = models.CharField(
        max_length=10, choices=GradeAbout.choices, default=GradeAbout.CLAIM
    )
    claimant_name = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["note", "-version"]
        db_table = "articles_noterevision"
        constraints = [
            models.UniqueConstraint(fields=["note", "version"], name="unique_note_version")
        ]

    def __str__(self) -> str:
        return f"{self.note} v{self.version}"


class Relation(models.TextChoices):
    """How a cited sentence bears on a note's sentence.

    A repeat is the same report travelling (the same wire copy, spokesman or tweet, a re-post):
    it shows the claim spread, not that it is true, so it never counts as corroboration.
    """

    CORROBORATES = "corroborates", "Corroborates"
    CONTRADICTS = "contradicts", "Contradicts"
    REPEATS = "repeats", "Repeats (same origin)"


class Evidence(QuoteAnchor):
    """A link from a note to another sentence that corroborates, contradicts or repeats it."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by"
    )
    relation = models.CharField(max_length=12, choices=Relation.choices)

    class Meta:
        ordering = ["note", "relation", "id"]
        verbose_name_plural = "evidence"
        db_table = "articles_evidence"

    def __str__(self) -> str:
        return f"{self.note} {self.relation} {self.sentence}"


def sees_drafts(user) -> bool:
    """Who sees draft notes on the reading pages and exports: the one place that decides.

    Drafts are the editors' work in progress: only those who write notes see them. Not
    `view_note`: the desk holds it to work in the admin, and sees published notes only, on
    the reading pages and in the admin alike.
    """
    return user.has_perm("notes.change_note")


def sentences_with_notes(sentences: QuerySet[Sentence], *, drafts: bool = False) -> QuerySet:
    """Attach each sentence's note as `sentence.note`, in a fixed number of queries.

    Without `drafts`, only published notes are fetched: a sentence whose note is a draft
    then reads as having none (`sentence.note` raises, templates see nothing), so no page
    built on this can leak a draft.
    """
    notes = Note.objects.all() if drafts else Note.objects.published()
    return sentences.prefetch_related(
        Prefetch("note", queryset=notes.for_display()),
        Prefetch(
            "note__evidence",
            # The cited article's verbatim text is not shown; leave it in the database.
            queryset=Evidence.objects.select_related("sentence__article__outlet").defer(
                "sentence__article__text"
            ),
        ),
    )


def sentences_with_notes_visible_to(sentences: QuerySet[Sentence], user) -> QuerySet:
    """Editors see drafts too; everyone else only published notes."""
    return sentences_with_notes(sentences, drafts=sees_drafts(user))
