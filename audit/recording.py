"""Writing an audit entry: one insert per write, inside the write's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from audit.context import current_origin, origin_of
from audit.models import AuditEntry

_suspended: ContextVar[bool] = ContextVar("audit_suspended", default=False)


@contextmanager
def audit_suspended() -> Iterator[None]:
    """Record nothing meanwhile: loading an export replays records, it makes no new writes."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


class _TransactionEntries:
    """The entries written in the current transaction, by object.

    Registered as a (no-op) on-commit callback: Django drops it when its transaction or
    savepoint ends, which is how a later write knows it is in a new transaction.
    """

    def __init__(self) -> None:
        self.by_object: dict[tuple[object, int, str], AuditEntry] = {}

    def __call__(self) -> None:
        pass


def _transaction_entries() -> _TransactionEntries | None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    entries = getattr(connection, "audit_entries", None)
    if entries is None or not any(func is entries for _, func, _ in connection.run_on_commit):
        entries = _TransactionEntries()
        connection.audit_entries = entries
        transaction.on_commit(entries)
    return entries


def _current_request_or_none():
    return current_origin().request


def _who(actor) -> tuple[object | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        request = current_origin().request
        actor = getattr(request, "user", None) if request is not None else None
    if actor is None or not actor.is_authenticated:
        return None, ""
    return actor, actor.get_username()


def audit_record(
    *,
    action: str,
    summary: str,
    target: models.Model | None = None,
    target_ref: tuple[ContentType, str, str] | None = None,
    actor=None,
    request=None,
) -> AuditEntry | None:
    """Record one write on `target` (or on `target_ref`: content type, id, name).

    A second write to the same object in the same transaction (the admin's own log after a
    service, say) extends the first entry instead of adding one.
    """
    if _suspended.get():
        return None
    if target is not None:
        ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
        target_ref = (ct, str(target.pk), str(target))
    content_type, object_id, object_repr = target_ref or (None, "", "")
    origin = origin_of(request) if request is not None else current_origin()
    # Within one transaction and one request (or one command): a test's transaction spans
    # many requests, and each request is a write of its own.
    key = (
        (_current_request_or_none(), content_type.pk, str(object_id))
        if content_type is not None
        else None
    )
    entries = _transaction_entries()
    earlier = entries.by_object.get(key) if entries is not None and key else None
    if earlier is not None:
        if not summary or summary in earlier.summary:
            return earlier
        extended = f"{earlier.summary}; {summary}" if earlier.summary else summary
        # No row when a savepoint holding it was rolled back: then this write is recorded anew.
        if AuditEntry.objects.filter(pk=earlier.pk).update(summary=extended):
            earlier.summary = extended
            return earlier
    user, name = _who(actor)
    entry = AuditEntry.objects.create(
        actor=user,
        actor_name=name,
        action=action,
        content_type=content_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        summary=summary,
        ip=origin.ip,
        user_agent=origin.user_agent,
        origin=origin.where,
    )
    if entries is not None and key:
        entries.by_object[key] = entry
    return entry
