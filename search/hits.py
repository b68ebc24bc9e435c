"""A page of search hits loaded with what each shows, in a fixed number of queries: the
sentences and notes through their QuerySets, the snippets from the index, escaped first.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Sentence
from articles.rendering import address, published_html
from notes.badges import badge_html
from notes.models import Note
from search.syntax import WORD

if TYPE_CHECKING:
    from search.engine import _Dialect

SENTENCE, NOTE = 1, 2
# Unicode noncharacters, reserved for exactly this: a program's own markers inside text.
MARK_START, MARK_END = "\ufdd0", "\ufdd1"
SNIPPET_TOKENS = 48
# What a sentence hit shows of its sentence, article and note.
HIT_FIELDS = (
    "key",
    "position",
    "kind",
    "text",
    "article__slug",
    "article__headline",
    "article__published",
    "article__published_precision",
    "article__published_basis",
    "article__date_doubtful",
    "article__outlet__name",
)
BADGE_FIELDS = (
    "sentence_id",
    "credibility",
    "status",
    "grade_about",
    "claimant__name",
    "anchor_article__outlet__reliability",
)


@dataclass
class Hit:
    """One result: a sentence, or a published note (shown with the sentence it is on)."""

    kind: int
    sentence: Sentence
    note: Note | None
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))
    # The sentence's and its article's addresses, the article's date and the note's badge,
    # each rendered once per distinct value (articles.rendering, notes.badges).
    url: str = ""
    article_url: str = ""
    published: SafeString = field(default_factory=lambda: mark_safe(""))
    badge: SafeString = field(default_factory=lambda: mark_safe(""))

    @property
    def is_note(self) -> bool:
        return self.kind == NOTE


def marked(highlighted: str, original: str) -> SafeString:
    """Escape a highlighted snippet first, then turn the index's markers into <mark>.

    If the stored text itself holds a marker character, the snippet is shown unmarked rather
    than let the source decide what is highlighted.
    """
    if MARK_START in original or MARK_END in original:
        return mark_safe(escape(highlighted.replace(MARK_START, "").replace(MARK_END, "")))
    safe = escape(highlighted).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Safe: everything from the text was escaped above; only our own <mark> tags are added.
    return mark_safe(safe)


def marked_words(original: str, highlighted: str) -> SafeString:
    """The original text, escaped piece by piece, with the words the headline marked in <mark>.

    PostgreSQL's ts_headline parses the text as HTML and drops what looks like a tag, so its
    output is not the verbatim sentence: it only says which words matched. Long texts are cut
    to a window of words around the first match.
    """
    wanted = {
        w.casefold()
        for part in highlighted.split(MARK_START)[1:]
        for w in WORD.findall(part.split(MARK_END)[0])
    }
    pieces = re.split(r"([^\W_]+)", original)  # separators at even places, words at odd
    first = next((i for i in range(1, len(pieces), 2) if pieces[i].casefold() in wanted), 1)
    start = max(first - SNIPPET_TOKENS, 0)
    stop = first + 2 * SNIPPET_TOKENS
    out = ["…"] if start > 0 else []
    # Unmarked pieces are escaped a run at a time: escaping is per character, so the result
    # is the same as piece by piece, for a few calls per sentence rather than hundreds.
    run: list[str] = []
    for i in range(start, min(stop, len(pieces))):
        if i % 2 and pieces[i].casefold() in wanted:
            out += [html.escape("".join(run)), f"<mark>{html.escape(pieces[i])}</mark>"]
            run = []
        else:
            run.append(pieces[i])
    out.append(html.escape("".join(run)))
    if stop < len(pieces):
        out.append("…")
    # Safe: every piece of the text is escaped; only our own <mark> tags are added.
    return mark_safe("".join(out))


def _sqlite_snippets(dialect: _Dialect, kind: int, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    index = "search_sentence_fts" if kind == SENTENCE else "search_note_fts"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet({index}, 0, %s, %s, '…', {SNIPPET_TOKENS}) FROM {index} "
            f"WHERE {index} MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})",
            [MARK_START, MARK_END, dialect.match, *ids],
        )
        return dict(cursor.fetchall())


def _headline(dialect: _Dialect, column: str) -> SearchHeadline:
    """PostgreSQL: which words of the text matched, read with the text (no query of its own)."""
    return SearchHeadline(
        column,
        SearchQuery(dialect.match, search_type="raw", config="english"),
        config="english",
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=SNIPPET_TOKENS,
        min_words=SNIPPET_TOKENS // 2,
    )


def hits_load(ranked: list[tuple[int, int]], dialect: _Dialect) -> list[Hit]:
    """The hits of one page, with what each shows, in a fixed number of queries."""
    sentence_ids = [pk for kind, pk in ranked if kind == SENTENCE]
    note_ids = [pk for kind, pk in ranked if kind == NOTE]
    notes = (
        Note.objects.published()
        .for_display()
        .select_related("sentence__article__outlet")
        .defer("sentence__article__text")
    )
    # A hit shows its sentence's published note as a badge and a claimant, not its evidence
    # or its reasoning: only the columns the hit shows are read.
    badges = (
        Note.objects.published()
        .select_related("anchor_article__outlet", "claimant")
        .only(*BADGE_FIELDS)
    )
    sentences = (
        Sentence.objects.select_related("article__outlet")
        .only(*HIT_FIELDS)
        .prefetch_related(Prefetch("note", queryset=badges))
    )
    if not dialect.sqlite:
        notes = notes.annotate(snippet=_headline(dialect, "body"))
        sentences = sentences.annotate(snippet=_headline(dialect, "text"))
    notes, sentences = notes.in_bulk(note_ids), sentences.in_bulk(sentence_ids)
    if dialect.sqlite:
        snippets = {
            SENTENCE: _sqlite_snippets(dialect, SENTENCE, sentence_ids),
            NOTE: _sqlite_snippets(dialect, NOTE, note_ids),
        }
    else:
        snippets = {
            SENTENCE: {pk: s.snippet for pk, s in sentences.items()},
            NOTE: {pk: n.snippet for pk, n in notes.items()},
        }
    hits = []
    for kind, pk in ranked:
        if kind == SENTENCE and pk in sentences:
            sentence = sentences[pk]
            note = getattr(sentence, "note", None) if _has_note(sentence) else None
            original = sentence.text
        elif kind == NOTE and pk in notes:
            note = notes[pk]
            sentence = note.sentence
            original = note.body
        else:
            continue  # written away between the two queries
        snippet = snippets[kind].get(pk) or ""
        shown = marked(snippet, original) if dialect.sqlite else marked_words(original, snippet)
        hits.append(_shown(Hit(kind, sentence, note, shown)))
    return hits


def _shown(hit: Hit) -> Hit:
    article = hit.sentence.article
    hit.url = address("articles:sentence", article.slug, hit.sentence.key)
    hit.article_url = address("articles:detail", article.slug)
    hit.published = published_html(
        article.published,
        article.published_precision,
        article.published_basis,
        article.date_doubtful,
    )
    if hit.note is not None:
        note = hit.note
        hit.badge = badge_html(
            reliability=note.anchor_article.outlet.reliability if note.anchor_article else None,
            credibility=note.credibility,
            status=note.status,
            grade_about=note.grade_about,
            claimant=note.claimant.name if note.claimant else "",
        )
    return hit


def _has_note(sentence: Sentence) -> bool:
    try:
        sentence.note  # noqa: B018 — prefetched; raises when the sentence has no published note
    except Note.DoesNotExist:
        return False
    return True
