"""Readable, unique slugs for any model's URLs, whatever script the text is written in.

``unique_slug`` is the one loop used by articles, outlets and events. ``slugify`` keeps only
ASCII letters, so a Dari, Pashto, Arabic or Urdu headline would become "article",
"article-2"… A journalist citing /articles/<slug>/ should see which piece it is: a headline in
another script gives the outlet and the date ("tolo-news-2021-09-06"), or, with no date, the
outlet and the headline's first words transliterated (``article_slug_base``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.db import models
from django.utils.text import slugify

__all__ = ["article_slug_base", "transliterate", "unique_slug"]


def unique_slug(model: type[models.Model], text: str, *, fallback: str = "item") -> str:
    """`text` slugified (at most 180 characters), with -2, -3, … until no `model` row has it."""
    base = slugify(text)[:180].rstrip("-") or fallback
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Arabic-script letters (Arabic, Persian/Dari, Pashto, Urdu) to Latin, after common
# romanisations without diacritics; short vowels are not written, so none are invented.
# fmt: off
_ARABIC_SCRIPT = {
    "ا": "a",
    "آ": "a",
    "أ": "a",
    "إ": "e",
    "ٱ": "a",
    "ء": "",
    "ئ": "y",
    "ؤ": "w",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ٹ": "t",
    "ث": "s",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ډ": "d",
    "ڈ": "d",
    "ذ": "z",
    "ر": "r",
    "ړ": "r",
    "ڑ": "r",
    "ز": "z",
    "ژ": "zh",
    "ږ": "zh",
    "س": "s",
    "ش": "sh",
    "ښ": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ک": "k",
    "ك": "k",
    "ګ": "g",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ڼ": "n",
    "ں": "n",
    "و": "w",
    "ه": "h",
    "ہ": "h",
    "ھ": "h",
    "ة": "a",
    "ی": "y",
    "ي": "y",
    "ى": "a",
    "ې": "e",
    "ۍ": "ay",
    "ے": "e",
    "ۀ": "h",
    "ﻻ": "la",
}
# fmt: on
_DIGITS = {ord(c): str(i) for i in range(10) for c in (chr(0x660 + i), chr(0x6F0 + i))}


def transliterate(text: str) -> str:
    """Arabic-script letters and digits in Latin; other letters stripped of their accents."""
    text = text.translate(_DIGITS)
    out = "".join(_ARABIC_SCRIPT.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFKD", out)


def article_slug_base(
    headline: str, *, outlet_name: str = "", published: dt.date | None = None
) -> str:
    """The slug before de-duplication: the headline's, or one that still says what it is."""
    base = slugify(headline)[:180].strip("-")
    letters = [ch for ch in unicodedata.normalize("NFKD", headline) if ch.isalpha()]
    if base and sum(ch.isascii() for ch in letters) >= len(letters) / 2:
        return base  # a headline in Latin letters makes its own slug
    outlet = slugify(outlet_name)[:60].strip("-")
    if published is not None:
        return "-".join(part for part in (outlet, published.isoformat()) if part)
    words = slugify(transliterate(headline)).split("-")[:6]
    return "-".join(part for part in (outlet, "-".join(words)) if part)[:180] or "article"
