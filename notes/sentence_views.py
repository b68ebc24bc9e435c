"""A sentence's own page at its stable address, what an old address answers, and the export.

`/articles/<slug>/s/<key>/` means the same words for ever: the sentence holding the key (with
a notice when its words were corrected, split or merged), the sentence its words went into,
or `410 Gone` quoting it as it was. Position-style links (`/s/<n>/`) redirect to the address
of the sentence that had that position when they were issued.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from articles.models import Article, Sentence, SentenceAddress, SentencePosition
from articles.pages import article_of_url
from notes.backlinks import backlinks_for
from notes.citations import Citation, csv_document
from notes.models import Note, sees_drafts, sentences_with_notes_visible_to
from notes.views import can_annotate
from pagecache.http import public_page

# How many "merged into" steps an old address follows to reach the words' present sentence.
_MAX_HOPS = 8


def _holder(article_slug: str, key: str, history: list[SentenceAddress]) -> Sentence | None:
    """The sentence now holding the words of `key`: its own, or the one they went into."""
    seen = {key}
    now = history[-1].now_key if history else ""
    for _ in range(_MAX_HOPS):
        if not now or now in seen:
            return None
        seen.add(now)
        sentence = (
            Sentence.objects.select_related("article__outlet")
            .filter(article__slug=article_slug, key=now)
            .first()
        )
        if sentence is not None:
            return sentence
        onward = SentenceAddress.objects.filter(article__slug=article_slug, key=now).last()
        now = onward.now_key if onward else ""
    return None


def citation_for(request: HttpRequest, sentence: Sentence, *, today: dt.date) -> Citation:
    article = sentence.article
    return Citation(
        outlet=article.outlet.name,
        headline=article.headline,
        published=article.published_label,
        quote=sentence.text,
        url=request.build_absolute_uri(sentence.get_absolute_url()),
        retrieved=today,
    )


@public_page(article_of_url)
def sentence_detail(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """One sentence at its stable address, quoted, with what cites it and how to cite it."""
    sentence = (
        Sentence.objects.select_related("article__outlet").filter(article__slug=slug, key=key)
    ).first()
    history = list(SentenceAddress.objects.filter(article__slug=slug, key=key).order_by("pk"))
    moved_from = None
    if sentence is None:
        if not history:
            raise Http404("No sentence of this article ever had this address.")
        sentence = _holder(slug, key, history)
        if sentence is None:
            return _gone(request, slug, history[-1])
        moved_from = history[-1]
    article = sentence.article
    nearby = article.sentences.filter(
        position__gte=sentence.position - 2, position__lte=sentence.position + 2
    ).order_by("position")
    before = [s for s in nearby if s.position < sentence.position]
    after = [s for s in nearby if s.position > sentence.position]
    note = Note.objects.visible_to(request.user).with_cited_evidence(request.user)
    note = note.filter(sentence=sentence).first()
    editor = can_annotate(request.user)
    fold_in = []
    if editor:
        # Notes a merge left without a sentence, whose words are now part of this one.
        fold_in = list(
            Note.objects.orphaned()
            .filter(anchor_article=article, fold_into=sentence.key)
            .select_related("anchor_article__outlet")
            .defer("anchor_article__text")
            .order_by("pk")
        )
    citation = citation_for(request, sentence, today=timezone.localdate())
    return render(
        request,
        "notes/sentence_detail.html",
        {
            "sentence": sentence,
            "article": article,
            "before": before,
            "after": after,
            "note": note,
            "can_annotate": editor,
            "history": [change for change in history if change.key == sentence.key],
            "moved_from": moved_from,
            "backlinks": backlinks_for(sentence, request.user),
            "citation": citation,
            "fold_in": fold_in,
        },
    )


def _gone(request: HttpRequest, slug: str, change: SentenceAddress) -> HttpResponse:
    """410: the words this address meant are no longer in the text; quote them as they were."""
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    revision = article.revisions.filter(number=change.revision).first()
    return render(
        request,
        "notes/sentence_gone.html",
        {"article": article, "change": change, "revision": revision},
        status=410,
    )


def sentence_at(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    """A position-style link: to the address of the sentence that had the position when
    such links were issued (recorded once, see SentencePosition), for ever."""
    issued = SentencePosition.objects.filter(article__slug=slug, position=position).first()
    if issued is not None:
        return redirect("articles:sentence", slug=slug, key=issued.key, permanent=True)
    # Beyond the positions first issued (a split added one): the sentence there now.
    sentence = get_object_or_404(Sentence, article__slug=slug, position=position)
    return redirect(reverse("articles:sentence", kwargs={"slug": slug, "key": sentence.key}))


CSV_HEADER = (
    "position",
    "address",
    "kind",
    "sentence",
    "grade",
    "information credibility",
    "claimant",
    "note",
    "note status",
)


def article_sentences_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The article's sentences with their grades, claimants and notes, for a spreadsheet.

    Readers get published notes; editors drafts too (marked in "note status").
    """
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    sentences = sentences_with_notes_visible_to(Sentence.objects.for_article(article), request.user)
    rows = []
    for sentence in sentences:
        sentence.article = article
        note = getattr(sentence, "note", None) if _has_note(sentence) else None
        rows.append(
            [
                sentence.position,
                request.build_absolute_uri(sentence.get_absolute_url()),
                sentence.get_kind_display(),
                sentence.text,
                note.grade if note else "",
                note.get_credibility_display() if note else "",
                note.claimant.name if note and note.claimant else "",
                note.body if note else "",
                (note.get_status_display() if note else ""),
            ]
        )
    response = HttpResponse(csv_document(CSV_HEADER, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}-sentences.csv"'
    response["Cache-Control"] = "private, no-cache" if sees_drafts(request.user) else "no-cache"
    patch_vary_headers(response, ("Cookie",))
    return response


def _has_note(sentence: Sentence) -> bool:
    try:
        return sentence.note is not None
    except Note.DoesNotExist:
        return False
