"""The timeline page's read: one page of events with their quotes, grades and notes, as rows.

The page lists every quote of every event, so it reads them with ``values()`` — plain rows,
in a fixed number of queries (events, evidence, notes, the notes' links) — rather than as
model instances: building and linking some seven hundred instances was most of the page's
time. Each event comes out as an EventLine (timeline.lines) holding what its line, its
quotes and the overview show, with the matching worked out in Python from the same rows:
which quotes met the filters, how many sources, the range of grades. A grade badge, a
publication date or an address is rendered once per distinct value, not once per quote
(notes.badges, articles.rendering).

The downloads (TimelineJS, CSV) still read model instances through for_timeline().
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString

from articles.models import SourceReliability, date_label
from articles.rendering import address, published_html
from notes.badges import badge_html
from notes.models import Evidence, Relation, Status
from timeline.lines import EventLine, Filters, Grade, NoteLink, Quote, matches_mark
from timeline.models import EventEvidence, Role

EVENT_FIELDS = (
    "pk",
    "is_context",
    "slug",
    "date",
    "end_date",
    "date_precision",
    "title",
    "summary_html",
    "place",
    "status",
    "is_contested",
)
_ARTICLE_FIELDS = (
    "slug",
    "headline",
    "language",
    "published",
    "published_precision",
    "published_basis",
    "date_doubtful",
    "outlet__name",
    "outlet__reliability",
)

_NOTE_FIELDS = (
    "pk",
    "credibility",
    "status",
    "claimant__name",
    "grade_about",
    "anchor_article__outlet__reliability",
)


def _links_by_note(note_ids: set[int], *, full: bool) -> dict[int, list[NoteLink]]:
    links: dict[int, list[NoteLink]] = {}
    if not note_ids:
        return links
    detail = ("sentence__text", "sentence__position", "sentence__key", "sentence__article__slug")
    rows = (
        Evidence.objects.filter(note_id__in=note_ids)
        .order_by("pk")
        .values(
            "note_id",
            "relation",
            "sentence_id",
            "quote_exact",
            *(detail + ("sentence__article__outlet__name",) if full else ()),
        )
    )
    labels = dict(Relation.choices)
    for row in rows:
        url = ""
        if full and row["sentence_id"]:
            url = address("articles:sentence", row["sentence__article__slug"], row["sentence__key"])
        links.setdefault(row["note_id"], []).append(
            NoteLink(
                relation=row["relation"],
                relation_label=labels.get(row["relation"], row["relation"]),
                sentence_id=row["sentence_id"],
                text=(row.get("sentence__text") or row["quote_exact"]) if full else "",
                url=url,
                outlet=row.get("sentence__article__outlet__name") or "",
            )
        )
    return links


def event_lines(
    events: Iterable[dict],
    *,
    filters: Filters,
    include_draft_notes: bool = False,
    full: bool = False,
) -> list[EventLine]:
    """EventLines for rows of ``EventQuerySet.with_contested().values(*EVENT_FIELDS)``, in
    their order; `full` also reads the notes' text and their linked sentences."""
    events = list(events)
    # Each quote with its sentence, article, outlet and the sentence's note, in one query;
    # a draft note is dropped here unless the reader may see drafts.
    note = "sentence__note__"
    evidence = list(
        EventEvidence.objects.filter(event_id__in=[row["pk"] for row in events])
        .order_by("event_id", "order", "pk")
        .values(
            "event_id",
            "role",
            "quote_exact",
            "sentence_id",
            "sentence__text",
            "sentence__position",
            "sentence__key",
            *(f"sentence__article__{name}" for name in _ARTICLE_FIELDS),
            *(f"anchor_article__{name}" for name in _ARTICLE_FIELDS),
            *(note + name for name in _NOTE_FIELDS),
            *((note + "body_html",) if full else ()),
        )
    )
    for row in evidence:
        if row[note + "pk"] and not (
            include_draft_notes or row[note + "status"] == Status.PUBLISHED
        ):
            row[note + "pk"] = None
    # The notes' links are quoted in the full view; the compact one needs them only to tell
    # which quotes contradict each other, under the contested filter.
    linked = {row[note + "pk"] for row in evidence if row[note + "pk"]}
    links = _links_by_note(linked, full=full) if full or filters.contested else {}
    roles = dict(Role.choices)
    quotes_of: dict[int, list[Quote]] = {}
    for row in evidence:
        prefix = "sentence__article__" if row["sentence_id"] else "anchor_article__"
        slug = row[prefix + "slug"] or ""
        grade = None
        if row[note + "pk"]:
            reliability = row[note + "anchor_article__outlet__reliability"]
            credibility, status = row[note + "credibility"], row[note + "status"]
            grade = Grade(
                code=f"{reliability or SourceReliability.F}{credibility}",
                credibility=credibility,
                published=status == Status.PUBLISHED,
                claimant=row[note + "claimant__name"] or "",
                body_html=row.get(note + "body_html", ""),
                badge=badge_html(
                    reliability=reliability,
                    credibility=credibility,
                    status=status,
                    grade_about=row[note + "grade_about"],
                    claimant=row[note + "claimant__name"] or "",
                ),
                links=links.get(row[note + "pk"], []),
            )
        position = row["sentence__position"]
        quotes_of.setdefault(row["event_id"], []).append(
            Quote(
                role=row["role"],
                role_label=roles.get(row["role"], row["role"]),
                text=row["sentence__text"] if row["sentence_id"] else row["quote_exact"],
                sentence_id=row["sentence_id"],
                position=str(position) if row["sentence_id"] else "",
                url=address("articles:sentence", slug, row["sentence__key"])
                if row["sentence_id"]
                else "",
                article_url=address("articles:detail", slug) if slug else "",
                article_slug=slug,
                headline=row[prefix + "headline"] or "",
                outlet=row[prefix + "outlet__name"] or "",
                language=row[prefix + "language"] or "",
                published=published_html(
                    row[prefix + "published"],
                    row[prefix + "published_precision"],
                    row[prefix + "published_basis"],
                    row[prefix + "date_doubtful"],
                )
                if slug
                else SafeString(""),
                grade=grade,
            )
        )
    lines = []
    for row in events:
        quotes = quotes_of.get(row["pk"], [])
        graded = sorted(
            (quote.grade for quote in quotes if quote.grade),
            key=lambda grade: (grade.credibility, grade.code),
        )
        line = EventLine(
            pk=row["pk"],
            slug=row["slug"],
            title=row["title"],
            when=date_label(row["date"], row["end_date"], row["date_precision"]),
            date=row["date"],
            end_date=row["end_date"],
            precision=row["date_precision"],
            place=row["place"],
            summary_html=row["summary_html"],
            contested=bool(row["is_contested"]),
            is_published=row["status"] == Status.PUBLISHED,
            quotes=quotes,
            sources=len({quote.article_slug for quote in quotes if quote.article_slug}),
            best=graded[0] if graded else None,
            worst=graded[-1] if graded else None,
            ungraded=len(quotes) - len(graded),
            is_context=bool(row.get("is_context")),
        )
        matches_mark(line, filters)
        lines.append(line)
    return lines
