"""Which public pages show notes, for the page cache's stamps.

A note shows on its sentence's article pages, beside every sentence it cites (on those
articles' pages), and on the pages of notes citing its sentence (its grade beside the quote).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from articles.models import Article, Sentence
from articles.pages import article_key, article_keys_of
from notes.models import Claimant, Evidence, Note
from pagecache.stamps import SITE, follow


def note_pages(note: Note) -> set[str]:
    """Pages that show `note`: its article, the articles its evidence cites, and citers."""
    ids: set[int | None] = {note.anchor_article_id}
    if note.sentence_id:
        sentences = Sentence.objects.filter(pk=note.sentence_id)
        ids.update(sentences.values_list("article_id", flat=True))
    if note.pk:
        for sentence_article, anchor_article in Evidence.objects.filter(note=note).values_list(
            "sentence__article_id", "anchor_article_id"
        ):
            ids.update((sentence_article, anchor_article))
    if note.sentence_id:
        # Notes that cite this sentence show its grade beside the quote on their pages.
        ids.update(
            Evidence.objects.filter(sentence_id=note.sentence_id).values_list(
                "note__anchor_article_id", flat=True
            )
        )
    return article_keys_of(ids)


def _evidence_pages(evidence: Evidence) -> set[str]:
    ids = {evidence.anchor_article_id, evidence.sentence and evidence.sentence.article_id}
    return note_pages(evidence.note) | article_keys_of(ids)


def _citing_pages(article: Article) -> set[str]:
    """Notes elsewhere quoting this article's sentences show them on their own pages."""
    citing = Evidence.objects.filter(anchor_article=article).values_list(
        "note__anchor_article__slug", flat=True
    )
    return {article_key(slug) for slug in citing if slug}


def follow_notes() -> None:
    """Register notes with the page cache (from AppConfig.ready)."""
    follow(Note, note_pages)
    follow(Evidence, _evidence_pages)
    follow(Article, _citing_pages)
    # A claimant's name, and who published a note, show wherever notes do.
    follow(Claimant, lambda claimant: {SITE})
    follow(get_user_model(), lambda user: {SITE}, fields=("username", "first_name", "last_name"))
