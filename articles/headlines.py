"""Where a headline comes from when the desk gives none, and whether it needs confirming.

A page's first <h1> is its own headline; its <title> is the browser tab's label and usually
carries the site's name; a heading-like line is only a guess, and one that comes after other
lines (a site name, menus, a share bar) is likely page furniture.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.intake import Intake, headline_guess
from articles.segmentation import Kind, Segment


@dataclass(frozen=True)
class HeadlineProposal:
    text: str
    source: str  # said to the desk: "the page’s first heading (<h1>)"
    furniture: bool  # likely page furniture: the desk must confirm it


def headline_propose(intake: Intake, segments: list[Segment]) -> HeadlineProposal | None:
    """The headline the text offers, where it was found, and whether to ask for confirmation."""
    guess = headline_guess(intake)
    if not guess:
        return None
    if intake.html_h1 and guess == intake.html_h1:
        return HeadlineProposal(guess, "the page’s first heading (<h1>)", furniture=False)
    if intake.proposals.headline and guess == intake.proposals.headline:
        # The page's metadata (JSON-LD, Open Graph, or its <title> without the site's name):
        # often right, sometimes the site's own furniture, so the desk confirms it.
        return HeadlineProposal(guess, "the page’s metadata", furniture=True)
    if intake.html_title and guess == intake.html_title:
        return HeadlineProposal(guess, "the page’s <title>", furniture=True)
    first = next((seg for seg in segments if seg.kind is Kind.HEADLINE), None)
    before = [seg for seg in segments if first is not None and seg.position < first.position]
    return HeadlineProposal(
        guess,
        "the first heading-like line of the text",
        furniture=any(seg.text.strip() for seg in before),
    )
