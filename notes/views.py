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
from notes import annotations, evidence_search
from notes.forms import NoteForm, row_id
from notes.models import Note, Status, sentences_with_notes, sentences_with_notes_visible_to
from notes.sentence_tools import sentence_tools_for
from notes.services import NoteInvalid, StaleNote, note_save
from pagecache.http import public_page
from pagecache.origin import absolute_url

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
            if request.method == "POST":
                # Signed out mid-edit (the session expired): give the text back, say why.
                return note_refused(request, SIGNED_OUT, **kwargs)
            raise PermissionDenied("You are not signed in: sign in as an editor to write notes.")
        if not can_annotate(request.user):
            raise PermissionDenied("Writing reliability notes needs the Editors role.")
        return view(request, *args, **kwargs)

    return guarded


def _captured(value: str) -> str | None:
    return value if value == "captured" else None


@public_page(article_of_url, query={"as": _captured})
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
    query = query.replace("\x00", "")  # PostgreSQL refuses NUL in text; no sentence has one
    if len(query) < 2:
        return []
    return evidence_search.find(query=query, exclude=[sentence.pk, *cited], limit=SEARCH_LIMIT)


def _note_response(
    request: HttpRequest,
    *,
    sentence: Sentence,
    note: Note | None,
    form: NoteForm,
    status: int = 200,
    conflict: Conflict | None = None,
    refusal: str = "",
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
        "suggestions": [
            found
            for found in evidence_search.suggest(sentence=sentence)
            if found.sentence.pk not in {row.sentence.pk for row in rows}
        ],
        "conflict": conflict,
        "refusal": refusal,
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


SIGNED_OUT = (
    "Not saved: you were signed out (the session ended). Your text is kept below: sign in "
    "again in another tab, then come back here and save."
)
EXPIRED_TOKEN = (
    "Not saved: this page's security token had expired (you signed in again, perhaps in "
    "another tab). Your text is kept below with a fresh token: check it and save again."
)


def note_refused(request: HttpRequest, reason: str, *, slug: str, position: int) -> HttpResponse:
    """A save refused for an ended session or token: the form with the text typed, and why.

    Nothing of the stored note is shown unless an editor is signed in again; the form carries
    a fresh CSRF token, so saving it once signed in goes through.
    """
    sentence = get_object_or_404(
        Sentence.objects.select_related("article__outlet"), article__slug=slug, position=position
    )
    note = None
    if can_annotate(request.user):
        note = Note.objects.for_display().filter(sentence=sentence).first()
    form = NoteForm(request.POST, sentence=sentence, note=note)
    return _note_response(
        request, sentence=sentence, note=note, form=form, status=403, refusal=reason
    )


def _base_version(request: HttpRequest, form: NoteForm) -> int:
    """The version the save replaces: the one the form started from, or, after a conflict,
    the colleague's version the editor chose to replace ("replace their version")."""
    replace = row_id(request.POST.get("replace", ""))
    return form.cleaned_data["base_version"] if replace is None else replace


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
            cited = [pk for v in request.GET.getlist("evidence") if (pk := row_id(v)) is not None]
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
    if form.warnings_unseen:
        # Not an error: the editor sees the warnings first, and saving again saves.
        return _note_response(request, sentence=sentence, note=note, form=form)
    try:
        saved = note_save(
            sentence=sentence,
            editor=request.user,
            credibility=form.cleaned_data["credibility"],
            grade_about=form.cleaned_data["grade_about"],
            claimant=form.claimant_choice,
            body=form.cleaned_data["body"],
            status=form.cleaned_data["status"],
            evidence=form.cleaned_data["evidence"],
            base_version=_base_version(request, form),
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
        # The editor's own values stay in the form, still based on the version they started
        # from: a plain save is refused again; "replace their version" names the current one.
        retry = NoteForm(request.POST, sentence=sentence, note=current)
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
    return annotations.jsonld_response(annotations.note_annotation(note, absolute_url))


def annotations_jsonld(request: HttpRequest) -> HttpResponse:
    """Every published note: an AnnotationCollection, or one AnnotationPage with ?page=N."""
    pages = Paginator(
        Note.objects.annotations(), annotations.PAGE_SIZE, allow_empty_first_page=True
    )
    raw = request.GET.get("page")
    if raw is not None and row_id(raw) is None:  # "²" and "٣" are digits to str.isdigit()
        raise Http404("No such page of annotations.")
    if raw is None:
        return annotations.jsonld_response(
            annotations.annotation_collection(pages.page(1), absolute_url)
        )
    try:
        page = pages.page(raw)
    except (InvalidPage, ValueError):
        raise Http404("No such page of annotations.") from None
    return annotations.jsonld_response(annotations.annotation_page(page, absolute_url))
