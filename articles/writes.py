"""One signal for the newsroom's writes, sent by the service functions that make them.

Sent once per write, at its end and inside its transaction, so that whatever must react to
every write (the audit trail, on top) can do so without the services knowing it exists. A
model's post_save cannot serve: one write saves many rows (or none, through bulk updates).
"""

from __future__ import annotations

from django.db import models
from django.dispatch import Signal

# Keyword arguments: action (str, one of the audit's actions), target (the record written),
# summary (one line for the desk: what changed), editor (the user, when the service knows it).
written = Signal()


def write_announce(*, action: str, target: models.Model, summary: str, editor=None) -> None:
    """Tell the listeners that `target` was written; call it last, inside the transaction."""
    written.send(sender=type(target), action=action, target=target, summary=summary, editor=editor)
