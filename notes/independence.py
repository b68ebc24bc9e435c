"""Whether two sentences are independent sources: the one place the rule lives.

"Confirmed by other sources" needs sources that could have been wrong separately. Two
sentences are not independent when their articles share an outlet, name the same wire agency,
or are recorded as copies of one report (Article.copy_of), or when both notes name the same
claimant (the same spokesman quoted twice is one source, however many outlets print him).
The note form, the editorial checks and anything else that asks use `shared_origin`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from articles.models import Article, Sentence, SentenceKind
from notes.models import Claimant, Credibility, Note, Relation

# "VOA (Dashty's statements); AFP (photo)" names two agencies; the words in brackets say what
# each supplied. An agency that supplied only pictures is the source of the captions, not of
# the copy: a photo credit does not make the text the agency's.
_AGENCY_SPLIT = re.compile(r"[;,/&+]|\band\b")
_BRACKETED = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
_PICTURES_ONLY = re.compile(
    r"^\W*(?:photo|photos|photograph|picture|pictures|image|images)\W*$", re.I
)


def wire_agencies(wire: str, *, caption: bool = False) -> frozenset[str]:
    """The agencies an article's `wire` field names (compared without case or spacing) for a
    sentence of its copy, or with `caption` for a photo caption."""
    names = set()
    for part in _AGENCY_SPLIT.split(wire):
        scope = " ".join(a or b for a, b in _BRACKETED.findall(part))
        name = " ".join(_BRACKETED.sub(" ", part).split()).casefold()
        if name and (caption or not _PICTURES_ONLY.match(scope)):
            names.add(name)
    return frozenset(names)


@dataclass(frozen=True)
class Origin:
    """What independence is judged on for one sentence: its article and its note's claimant."""

    article_id: int | None
    outlet_id: int | None
    agencies: frozenset[str]
    report_id: int | None  # the report an article is a copy of, or the article itself
    claimant_id: int | None
    claimant_name: str = ""
    outlet_name: str = ""
    # The note grades that the statement was made: two outlets reporting that a spokesman
    # said it are two witnesses of the saying, so the claimant test does not apply.
    about_statement: bool = False

    @classmethod
    def of(
        cls,
        article: Article | None,
        claimant: Claimant | None = None,
        *,
        caption: bool = False,
        about_statement: bool = False,
    ) -> Origin:
        """`claimant` is the one the sentence's note names (or the form is about to);
        `caption` when the sentence is a photo caption; `about_statement` when the note
        grades only that the statement was made."""
        if article is None:
            return cls(None, None, frozenset(), None, claimant.pk if claimant else None)
        return cls(
            article_id=article.pk,
            outlet_id=article.outlet_id,
            agencies=wire_agencies(article.wire, caption=caption),
            report_id=article.copy_of_id or article.pk,
            claimant_id=claimant.pk if claimant else None,
            claimant_name=claimant.name if claimant else "",
            outlet_name=article.outlet.name if article.outlet_id else "",
            about_statement=about_statement,
        )


def shared_origin(first: Origin, second: Origin) -> str | None:
    """Why two sentences are not independent ("both credit AFP"), or None if they are.

    `first` is the graded sentence: when its note grades only that a statement was made, a
    second outlet reporting the same speaker is independent witness of that.
    """
    if first.article_id is not None and first.article_id == second.article_id:
        return "both are in the same article"
    if first.report_id is not None and first.report_id == second.report_id:
        return "they are copies of one report"
    if first.outlet_id is not None and first.outlet_id == second.outlet_id:
        return f"both come from {first.outlet_name or 'the same outlet'}"
    common = sorted(first.agencies & second.agencies)
    if common:
        return "both credit " + " and ".join(name.upper() for name in common)
    if first.about_statement:
        return None
    if first.claimant_id is not None and first.claimant_id == second.claimant_id:
        return f"both notes name the same claimant ({first.claimant_name})"
    return None


def sentence_origin(sentence: Sentence) -> Origin:
    """The origin of a sentence, reading its article (and outlet) and its note, if any."""
    try:
        claimant = sentence.note.claimant
    except Note.DoesNotExist:  # a reverse one-to-one raises when there is no note
        claimant = None
    return Origin.of(sentence.article, claimant, caption=is_caption(sentence))


def is_caption(sentence: Sentence) -> bool:
    return sentence.kind == SentenceKind.CAPTION


def origins_of(sentence_ids: Iterable[int]) -> dict[int, Origin]:
    """Origins of many sentences in one query, keyed by sentence id."""
    sentences = (
        Sentence.objects.filter(pk__in=set(sentence_ids))
        .select_related("article__outlet", "note__claimant")
        .defer("article__text", "note__body", "note__body_html")
    )
    return {sentence.pk: sentence_origin(sentence) for sentence in sentences}


@dataclass(frozen=True)
class Cited:
    """A sentence a note cites, as independence is judged on it."""

    relation: str
    origin: Origin
    label: str  # how a reader names it: "The Guardian (Nigeria), about 23 August 2021"


@dataclass(frozen=True)
class Problem:
    """One thing the independence rule finds wrong with a note's grade or links."""

    kind: str  # "uncorroborated" or "not_independent"
    message: str


def cited_label(sentence: Sentence) -> str:
    """A cited sentence as readers name it: outlet and date, never an internal id."""
    article = sentence.article
    return f"{article.outlet.name}, {reader_date(article)}, sentence {sentence.position}"


def reader_date(article: Article) -> str:
    """An article's date in plain words, saying when it is missing or in doubt."""
    label = article.published_label or "undated"
    return f"{label} (date in doubt)" if article.date_doubtful else label


def independence_problems(
    *, origin: Origin, credibility: int, cited: Iterable[Cited]
) -> list[Problem]:
    """What the rule finds: grade 1 with no independent corroboration, and "corroborates"
    links between sources that are not independent. Empty when the note is sound."""
    problems: list[Problem] = []
    independent_support = False
    for link in cited:
        if link.relation != Relation.CORROBORATES:
            continue
        why = shared_origin(origin, link.origin)
        if why is None:
            independent_support = True
            continue
        problems.append(
            Problem(
                "not_independent",
                f"“Corroborates” links two sources that are not independent ({why}): "
                f"{link.label}. If it is the same report travelling, link it as “repeats”.",
            )
        )
    if credibility == Credibility.CONFIRMED and not independent_support:
        problems.insert(
            0,
            Problem(
                "uncorroborated",
                "Grade 1 (confirmed by other sources) has no corroborating sentence from an "
                "independent source linked; without one the best grade is 2.",
            ),
        )
    return problems
