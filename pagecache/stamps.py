"""Content stamps: which version of each thing the public sees, and who bumps it.

Every public page names the stamps of what it shows (``site`` for what every page shows, plus
keys its app chooses, such as ``article:<slug>``). A change bumps the stamps of the pages that
show it, in the same transaction, so a reader never gets a page older than the last committed
change, in any worker or on any server.

Apps do not call this module per write path. Each app *registers* its public models once
(``follow``) with a function naming the pages an instance shows on; every ``save()`` and
``delete()`` of such a model then bumps those pages' stamps, before and after the change (a
note moving to another sentence leaves one page and joins another). Bulk writes, which send no
signals, hand their rows to ``rows_changed``: the same registry, the same page functions.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from pagecache.models import ContentStamp

SITE = "site"

Pages = Callable[[models.Model], Iterable[str]]
_registry: dict[type[models.Model], list[Pages]] = {}
_shown_fields: dict[type[models.Model], frozenset[str]] = {}


def stamps_bump(keys: Iterable[str]) -> None:
    """Give each key a new token (creating missing stamps); pages showing them re-render."""
    keys = set(keys)
    if not keys:
        return
    now = timezone.now()
    ContentStamp.objects.bulk_create(
        [ContentStamp(key=key, token=secrets.token_hex(8), changed_at=now) for key in keys],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "changed_at"],
        batch_size=500,
    )


def follow(
    model: type[models.Model],
    pages: Pages,
    *,
    fields: Iterable[str] | None = None,
    deletes: bool = True,
) -> None:
    """Tie `model` to the pages that show it: every save or delete refreshes them.

    Several apps may follow one model (an article shows on its own pages and on the timeline):
    their page functions add up. `pages(instance)` names the stamps of every public page
    showing the instance; it is asked before a change (from the stored row) and after it, so
    pages it leaves are refreshed too. `deletes=False` for rows only ever deleted in bulk with
    their parent, whose own stamps cover them (an article's sentences): a signal per row would
    cost a query per row. `fields` limits a model to the fields the public sees (a user's name,
    not their last sign-in): a save that changes none of them refreshes nothing.
    """

    _registry.setdefault(model, []).append(pages)
    if fields is not None:
        _shown_fields[model] = frozenset(fields)
    uid = f"pagecache:{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ":pre_save")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + ":post_save")
    if deletes:
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + ":pre_delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + ":post_delete")


def follow_m2m(through: type[models.Model], pages: Callable[[models.Model], Iterable[str]]):
    """Tie a many-to-many relation (e.g. a user's groups) to the pages it shows on."""
    uid = f"pagecache:{through._meta.label}:m2m"

    def changed(sender, instance, action, **kwargs) -> None:
        if action in {"post_add", "post_remove", "post_clear"}:
            stamps_bump(pages(instance))

    m2m_changed.connect(changed, sender=through, dispatch_uid=uid, weak=False)


def followed_models() -> frozenset[type[models.Model]]:
    """The models whose changes refresh public pages (a test checks the list is complete)."""
    return frozenset(_registry)


def pages_of(instance: models.Model) -> set[str]:
    """The stamps of the pages showing `instance`, by its registered page function."""
    keys: set[str] = set()
    for klass in type(instance).__mro__:
        for pages in _registry.get(klass, ()):
            keys |= set(pages(instance))
    return keys


def rows_changed(rows: Iterable[models.Model], *, before: Iterable[str] = ()) -> None:
    """Bulk writes (which send no signals) report their rows here; same pages, same stamps."""
    keys = set(before)
    for row in rows:
        keys |= pages_of(row)
    stamps_bump(keys)


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        instance._pagecache_before = set()
        return
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    shown = _shown_fields.get(type(instance))
    if stored is not None and shown is not None:
        if all(getattr(stored, name) == getattr(instance, name) for name in shown):
            instance._pagecache_unchanged = True
            return
    instance._pagecache_unchanged = False
    instance._pagecache_before = pages_of(stored) if stored is not None else set()


def _after_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or getattr(instance, "_pagecache_unchanged", False):
        # raw: loaddata, whose caller stamps; unchanged: none of the shown fields moved.
        return
    stamps_bump(getattr(instance, "_pagecache_before", set()) | pages_of(instance))


def _before_delete(sender, instance, **kwargs) -> None:
    instance._pagecache_before = pages_of(instance)


def _after_delete(sender, instance, **kwargs) -> None:
    stamps_bump(getattr(instance, "_pagecache_before", set()))


def stamps_read(keys: Iterable[str]) -> tuple[str, datetime] | None:
    """A version string for `keys` and when the newest of them changed.

    None when one has never been stamped (e.g. an unknown slug): such a page is rendered
    every time and offers no validators. Plain SQL on purpose: this runs on every public
    request, and building the same two-row query through the ORM costs more than running it.
    """
    wanted = sorted(set(keys))
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(_stamps_sql(db.vendor, len(wanted)), wanted)
        rows = cursor.fetchall()
    if len(rows) != len(wanted):
        return None
    tokens = {key: token for key, token, _ in rows}
    # One backend gives all datetimes or all ISO text, and either sorts by time.
    newest = _aware(max(changed for _, _, changed in rows))
    return ".".join(tokens[key] for key in wanted), newest


@functools.cache
def _stamps_sql(vendor: str, count: int) -> str:
    quote = connection.ops.quote_name
    key, token, changed_at = (
        quote(ContentStamp._meta.get_field(name).column) for name in ("key", "token", "changed_at")
    )
    table = quote(ContentStamp._meta.db_table)
    placeholders = ", ".join(["%s"] * count)
    return f"SELECT {key}, {token}, {changed_at} FROM {table} WHERE {key} IN ({placeholders})"


def _aware(value: datetime | str) -> datetime:
    """Raw SQLite rows hold naive UTC datetimes (or text); PostgreSQL's are aware already."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
