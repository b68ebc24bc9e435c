"""The search form's choice widgets, each rendered once per content.

Django writes every option of a select or a checkbox list through a template of its own: the
filters' outlets, claimants, grades and kinds cost about 4 ms of every search page at 10,000
articles, for HTML that changes only when a choice, the value or an attribute does. So the
HTML is kept, per process and at most MEMO_SIZE of them, under a key made of all of those: a
new claimant or another value is a new key, and nothing can be stale. The choices are read
for the key as for the HTML (one query for a model's choices, as before).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.utils.safestring import SafeString

from pagecache.memo import Keyed

MEMO_SIZE = 256


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value if value is None or isinstance(value, bool | int) else str(value)


@lru_cache(maxsize=MEMO_SIZE)
def _rendered(what: Keyed) -> SafeString:
    html = what.payload()  # the widget's own render call
    what.payload = None  # the memo keeps the key and the HTML, not the form behind them
    return html


class RenderedOnce:
    """A choice widget whose HTML is kept per name, value, attributes and choices."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = tuple((str(v), _frozen(label)) for v, label in self.choices)
        key = (
            type(self).__name__,
            name,
            _frozen(value),
            _frozen({**self.attrs, **(attrs or {})}),
            choices,
            type(renderer).__name__,
        )
        return _rendered(
            Keyed(key, lambda: super(RenderedOnce, self).render(name, value, attrs, renderer))
        )


class Select(RenderedOnce, forms.Select):
    pass


class CheckboxSelectMultiple(RenderedOnce, forms.CheckboxSelectMultiple):
    pass
