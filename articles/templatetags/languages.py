"""{% load languages %}: ``{{ article.language|text_direction }}`` gives a ``dir`` value."""

from __future__ import annotations

from django import template

from articles import languages

register = template.Library()


@register.filter
def text_direction(code: str) -> str:
    """ "rtl" for Arabic, Persian, Dari, Pashto, Urdu…; "ltr" otherwise."""
    return languages.text_direction(code)
