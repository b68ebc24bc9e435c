"""Which way an article's language is written: the pages set ``lang`` and ``dir`` from it.

Pure Python (no Django); the template filters and the slugs use it.
"""

from __future__ import annotations

__all__ = ["RTL_LANGUAGES", "primary_language", "text_direction"]

# Written right to left: Arabic, Persian and Dari, Pashto, Urdu, Kurdish (Sorani), Sindhi,
# Uyghur, Dhivehi, Hebrew, Yiddish.
RTL_LANGUAGES = frozenset("ar fa prs ps ur ckb sd ug dv he yi".split())


def primary_language(code: str) -> str:
    """ "fa-AF" → "fa"; "" → "en" (what an article without a language is taken to be)."""
    return (code or "en").strip().replace("_", "-").split("-")[0].lower() or "en"


def text_direction(code: str) -> str:
    """ "rtl" for a language written right to left, else "ltr"."""
    return "rtl" if primary_language(code) in RTL_LANGUAGES else "ltr"
