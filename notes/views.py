"""The reading pages that show sentences with their notes, and the editors' note form.

Thin views over QuerySets and services; templates do the presentation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_htmx.http import reswap, retarget, trigger_client_event

from articles.models import Article, Sentence, SentenceKind
from articles.pages import article_of_url
from articles.reading import paragraphs
from notes import annotations
from notes.forms import NoteForm
from notes.models import Note, Status, sentences_with_notes, sentences_with_notes_visible_to
from notes.sentence_tools import sentence_tools_for
from notes.services import NoteInvalid, StaleNote, note_save
from pagecache.http import public_page

NOTE_PERMISSIONS = ("notes.add_note", "notes.change_note")
SEARCH_LIMIT = 20


def can_annotate(user) -> bool:
    """Editors write notes; everyone else reads the published ones."""
    return user.has_perms(NOTE_PERMISSIONS)


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in for an anonymous page view; 403 for any other request by a non-editor."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "GET" and not request.htmx:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied("You are not signed in: sign in as an editor to write notes.")
        if not can_annotate(request.user):
            raise PermissionDenied("Only editors can write reliability notes.")
        return view(request, *args, **kwargs)

    return guarded


@public_page(article_of_url)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The article as readable text; page chrome only when asked for the page as captured."""
    article = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    sentences = list(
        sentences_with_notes_visible_to(Sentence.objects.for_article(article), request.user)
    )
    show_captured = request.GET.get("as") == "captured"
    blocks = paragraphs(article.text, sentences)
    chrome_count = sum(1 for s in sentences if s.kind == SentenceKind.CHROME)
    # The printed headline becomes the page's <h1> itself, rather than a second copy of it.
    headline_sentence = next(
        (s for s in sentences if s.kind == SentenceKind.HEADLINE and s.text == article.headline),
        None,
    )
    return render(
        request,
        "notes/article_detail.html",
        {
            "article": article,
            "paragraphs": blocks,
            "show_captured": show_captured,
            "chrome_count": chrome_count,
            "headline_sentence": headline_sentence,
            "can_annotate": can_annotate(request.user),
            "sentence_tools": sentence_tools_for(request.user),
        },
    )


@public_page(article_of_url)
def sentence_detail(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    """One sentence, quoted, with the sentences around it."""
    sentence = get_object_or_404(
        Sentence.objects.select_related("article__outlet"), article__slug=slug, position=position
    )
    # Through the article's related manager, so each neighbour's link reuses the article
    # already loaded instead of fetching it again.
    nearby = sentence.article.sentences.filter(
        position__gte=position - 2, position__lte=position + 2
    ).order_by("position")
    before = [s for s in nearby if s.position < position]
    after = [s for s in nearby if s.position > position]
    note = Note.objects.visible_to(request.user).with_cited_evidence(request.user)
    note = note.filter(sentence=sentence).first()
    return render(
        request,
        "notes/sentence_detail.html",
        {
            "sentence": sentence,
            "article": sentence.article,
            "before": before,
            "after": after,
            "note": note,
            "can_annotate": can_annotate(request.user),
        },
    )


@dataclass
class Conflict:
    """A refused save: what the editor sent, beside the note as it now stands."""

    yours: dict
    current: Note


def _next_sentence(sentence: Sentence) -> Sentence | None:
    return (
        Sentence.objects.filter(article_id=sentence.article_id, position__gt=sentence.position)
        .exclude(kind=SentenceKind.CHROME)
        .order_by("position")
        .first()
    )


def _evidence_search(query: str, sentence: Sentence, cited: list[int]) -> list[Sentence]:
    """Sentences of every article matching `query`, except this one and those already cited."""
    if len(query) < 2:
        return []
    return list(
        Sentence.objects.search(query)
        .exclude(pk__in=[sentence.pk, *cited])
        .select_related("article__outlet")
        .order_by("article__published", "article__slug", "position")[:SEARCH_LIMIT]
    )


def _note_response(
    request: HttpRequest,
    *,
    sentence: Sentence,
    note: Note | None,
    form: NoteForm,
    status: int = 200,
    conflict: Conflict | None = None,
) -> HttpResponse:
    """The note form: the whole page, or (for htmx) the form alone, replacing itself."""
    query = (request.POST if request.method == "POST" else request.GET).get("q", "").strip()
    rows = form.evidence_rows()
    context = {
        "sentence": sentence,
        "article": sentence.article,
        "note": note,
        "form": form,
        "evidence_rows": rows,
        "orphaned_evidence": form.orphaned_evidence(),
        "query": query,
        "results": _evidence_search(query, sentence, [row.sentence.pk for row in rows]),
        "conflict": conflict,
        "inline": bool(request.htmx),
    }
    if not request.htmx:
        context["revisions"] = note.revisions.select_related("author") if note else []
        return render(request, "notes/note_form.html", context, status=status)
    response = render(request, "notes/note_form.html#note_form", context, status=status)
    if request.method == "POST":
        # The form was posted at the sentence; errors and conflicts replace the form instead.
        retarget(response, f"#note-form-{sentence.position}")
        reswap(response, "outerHTML")
    return response


@editor_required
def note_edit(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    """Write or revise a sentence's note: inline in the article (htmx) or as a page of its own.

    A save from a stale version answers 409 with both versions side by side, the editor's own
    still in the form; invalid input answers 422 with the form and its errors.
    """
    sentence = get_object_or_404(
        Sentence.objects.select_related("article__outlet"), article__slug=slug, position=position
    )
    note = Note.objects.for_display().filter(sentence=sentence).first()
    if request.method == "GET":
        if request.htmx and "q" in request.GET:
            # Search as you type: only the results; sentences already cited are left out.
            query = request.GET["q"].strip()
            cited = [int(v) for v in request.GET.getlist("evidence") if v.isdigit()]
            return render(
                request,
                "notes/note_form.html#evidence_results",
                {
                    "sentence": sentence,
                    "query": query,
                    "results": _evidence_search(query, sentence, cited),
                },
            )
        form = NoteForm(sentence=sentence, note=note)
        return _note_response(request, sentence=sentence, note=note, form=form)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})

    form = NoteForm(request.POST, sentence=sentence, note=note)
    if request.POST.get("action") == "search":
        return _note_response(request, sentence=sentence, note=note, form=form)
    if not form.is_valid():
        return _note_response(request, sentence=sentence, note=note, form=form, status=422)
    try:
        saved = note_save(
            sentence=sentence,
            editor=request.user,
            credibility=form.cleaned_data["credibility"],
            claimant=form.claimant_choice,
            body=form.cleaned_data["body"],
            status=form.cleaned_data["status"],
            evidence=form.cleaned_data["evidence"],
            base_version=form.cleaned_data["base_version"],
        )
    except StaleNote as stale:
        current = Note.objects.for_display().get(pk=stale.current.pk)
        yours = {
            "grade": f"{sentence.article.outlet.reliability}{form.cleaned_data['credibility']}",
            "claimant": str(form.claimant_choice or ""),
            "body": form.cleaned_data["body"],
            "status": Status(form.cleaned_data["status"]).label,
            "evidence": form.cleaned_data["evidence"],
        }
        # The editor's own values stay in the form, now based on the current version, so
        # saving again (after comparing) replaces it deliberately.
        data = request.POST.copy()
        data["base_version"] = str(current.version)
        retry = NoteForm(data, sentence=sentence, note=current)
        return _note_response(
            request,
            sentence=sentence,
            note=current,
            form=retry,
            status=409,
            conflict=Conflict(yours=yours, current=current),
        )
    except NoteInvalid as error:
        form.add_error(None, str(error))
        return _note_response(request, sentence=sentence, note=note, form=form, status=422)

    then_next = request.POST.get("then") == "next"
    if request.htmx:
        fresh = sentences_with_notes(
            Sentence.objects.select_related("article__outlet"), drafts=True
        ).get(pk=sentence.pk)
        response = render(
            request,
            "notes/article_detail.html#sentence",
            {
                "sentence": fresh,
                "article": fresh.article,
                "can_annotate": True,
                "sentence_tools": sentence_tools_for(request.user),
            },
        )
        return trigger_client_event(
            response,
            "noteSaved",
            {"position": sentence.position, "next": then_next},
            after="settle",
        )
    messages.success(
        request,
        f"Note on sentence {sentence.position} saved: {saved.grade}, "
        f"{saved.get_status_display().lower()}, version {saved.version}.",
    )
    following = _next_sentence(sentence) if then_next else None
    if following is not None:
        return redirect(following.get_note_url())
    return redirect(f"{sentence.article.get_absolute_url()}#s{sentence.position}")


def note_jsonld(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    """One published note as a W3C Web Annotation; drafts do not exist here."""
    note = get_object_or_404(
        Note.objects.annotations(), sentence__article__slug=slug, sentence__position=position
    )
    return annotations.jsonld_response(
        annotations.note_annotation(note, request.build_absolute_uri)
    )


def annotations_jsonld(request: HttpRequest) -> HttpResponse:
    """Every published note: an AnnotationCollection, or one AnnotationPage with ?page=N."""
    pages = Paginator(
        Note.objects.annotations(), annotations.PAGE_SIZE, allow_empty_first_page=True
    )
    raw = request.GET.get("page")
    if raw is None:
        return annotations.jsonld_response(
            annotations.annotation_collection(pages.page(1), request.build_absolute_uri)
        )
    try:
        page = pages.page(raw)
    except (InvalidPage, ValueError):
        raise Http404("No such page of annotations.") from None
    return annotations.jsonld_response(
        annotations.annotation_page(page, request.build_absolute_uri)
    )
