"""Readable, unique slugs for any model's URLs: one loop, used by articles, outlets, events."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, fallback: str = "item") -> str:
    """`text` slugified (at most 180 characters), with -2, -3, … until no `model` row has it."""
    base = slugify(text)[:180].rstrip("-") or fallback
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
