"""The audit trail: one entry per write, kept beside the records it describes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Action(models.TextChoices):
    SIGN_IN = "sign-in", "sign-in"
    SIGN_IN_FAILED = "sign-in.failed", "failed sign-in"
    ROLE_CHANGE = "role.change", "role change"
    ARTICLE_IMPORT = "article.import", "article import"
    ARTICLE_CORRECT = "article.correct", "text correction"
    SENTENCE_SPLIT = "sentence.split", "sentence split"
    SENTENCE_MERGE = "sentence.merge", "sentence merge"
    SENTENCE_KIND = "sentence.kind", "kind change"
    ANCHOR_REATTACH = "anchor.reattach", "re-attachment"
    NOTE_SAVE = "note.save", "note save"
    NOTE_PUBLISH = "note.publish", "note publish"
    NOTE_UNPUBLISH = "note.unpublish", "note unpublish"
    EVENT_CHANGE = "event.change", "event change"
    EVENT_EVIDENCE = "event.evidence", "event evidence"
    # Edits made through the admin's own forms (outlets, claimants, kinds, evidence, users).
    RECORD_ADD = "record.add", "added in the admin"
    RECORD_CHANGE = "record.change", "changed in the admin"
    RECORD_DELETE = "record.delete", "deleted in the admin"
    NEWSROOM_RESTORE = "newsroom.restore", "backup restored"
    NEWSROOM_IMPORT = "newsroom.import", "export imported"


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditEntry(models.Model):
    """Who (and under which name then), when, what (object and summary) and from where.

    Written in the same transaction as the change it records; never edited afterwards.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    # The username at the time: the entry keeps saying who it was after a rename or deletion.
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    # From where: the address the request came from (or "command line" and the host).
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '—'} {self.action}"

    def get_absolute_url(self) -> str:
        return reverse("admin:audit_auditentry_change", args=[self.pk])
