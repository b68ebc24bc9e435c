"""A grade badge (_grade_badge.html) rendered once per distinct grade per process.

A badge shows only the outlet's reliability letter, the credibility, whether the note is
published and, for a grade about a statement, who made it; lists of many graded sentences
(the timeline, the search hits) render each distinct badge once instead of once per sentence.
"""

from __future__ import annotations

from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from articles.models import Article, Outlet
from notes.models import Claimant, GradeAbout, Note


def badge_html(
    *, reliability: str | None, credibility: int, status: str, grade_about: str, claimant: str
) -> SafeString:
    """The badge of a note with these values; `claimant` is the claimant's full name or ""."""
    if grade_about != GradeAbout.STATEMENT:
        claimant = ""  # only a grade about a statement names who made it
    return _badge(reliability or "", credibility, status, grade_about, claimant)


@lru_cache(maxsize=1024)
def _badge(
    reliability: str, credibility: int, status: str, grade_about: str, claimant: str
) -> SafeString:
    note = Note(credibility=credibility, status=status, grade_about=grade_about)
    if claimant:
        note.claimant = Claimant(name=claimant)
    if reliability:
        note.anchor_article = Article(outlet=Outlet(reliability=reliability))
    return render_to_string("_grade_badge.html", {"note": note})
