"""The timeline pages: the annotated timeline, its TimelineJS3 export, and the editor's
"add this sentence to an event" form. Thin views; reads on EventQuerySet, writes in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from articles.models import Sentence
from notes.models import sees_drafts
from pagecache.http import public_page
from timeline.forms import EventFromSentenceForm, EvidenceAddForm, TimelineFilterForm
from timeline.models import Event
from timeline.pages import TIMELINE
from timeline.services import EvidenceAlreadyLinked, event_create_from_sentence, event_evidence_add
from timeline.timelinejs import timeline_document

# The filters as EventQuerySet.matching() takes them.
FILTERS = ("source", "claimant", "credibility", "contested")
# Events per page: the starter timeline fits on one; a long one costs the same per page.
EVENTS_PER_PAGE = 20


def _partial_wanted(request: HttpRequest) -> bool:
    """An htmx swap, not htmx restoring history (which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
@public_page(TIMELINE)
def timeline(request: HttpRequest) -> HttpResponse:
    """The annotated timeline: events by day, each with its quoted, graded evidence."""
    form = TimelineFilterForm(request.GET, events=Event.objects.visible_to(request.user))
    status = 200
    events = Event.objects.none()
    if form.is_valid():
        include_draft_notes = sees_drafts(request.user)
        events = (
            Event.objects.visible_to(request.user)
            .for_timeline(include_draft_notes=include_draft_notes)
            .matching(
                **{name: form.cleaned_data[name] for name in FILTERS},
                include_draft_notes=include_draft_notes,
            )
        )
    else:
        status = 400
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    template = "timeline/timeline.html"
    response = render(
        request,
        f"{template}#results" if _partial_wanted(request) else template,
        {
            "form": form,
            "events": page,
            "page": page,
            "query": filters.urlencode(),
            "can_edit": request.user.has_perm("timeline.change_event"),
        },
        status=status,
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def timeline_json(request: HttpRequest) -> JsonResponse:
    """Published events in TimelineJS3's JSON format; takes the same filters as the page."""
    form = TimelineFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"error": "Invalid filters.", "fields": form.errors.get_json_data()}, status=400
        )
    events = (
        Event.objects.published()
        .for_timeline()
        .matching(**{name: form.cleaned_data[name] for name in FILTERS})
    )
    response = JsonResponse(timeline_document(events, request=request))
    # Published, public data: let a TimelineJS3 embed on another site load it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _linked_event(intent: str, form, *, sentence: Sentence, editor) -> Event | None:
    """Write what a valid form asks for; the event the sentence now backs, or None."""
    if not form.is_valid():
        return None
    if intent == "new":
        return event_create_from_sentence(sentence=sentence, editor=editor, **form.cleaned_data)
    try:
        event_evidence_add(
            event=form.cleaned_data["event"], sentence=sentence, role=form.cleaned_data["role"]
        )
    except EvidenceAlreadyLinked as error:
        form.add_error(None, str(error))
        return None
    return form.cleaned_data["event"]


@require_http_methods(["GET", "POST"])
def from_sentence(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    """Add a sentence to an existing event, or start a new event from it (editors only)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    allowed = {
        "add": user.has_perms(["timeline.change_event", "timeline.add_eventevidence"]),
        "new": user.has_perms(["timeline.add_event", "timeline.add_eventevidence"]),
    }
    if not any(allowed.values()):
        raise PermissionDenied("Only editors can add sentences to timeline events.")
    sentence = get_object_or_404(
        Sentence.objects.select_related("article__outlet"), article__slug=slug, position=position
    )
    posted = request.method == "POST"
    data = request.POST if posted else None
    intent = request.POST.get("intent") if posted else None
    if posted and intent not in allowed:
        return HttpResponseBadRequest("Say whether to add to an event or start a new one.")
    if posted and not allowed[intent]:
        raise PermissionDenied("You may not change timeline events.")
    forms = {
        "add": EvidenceAddForm(data if intent == "add" else None, prefix="add", sentence=sentence),
        "new": EventFromSentenceForm(data if intent == "new" else None, prefix="new"),
    }
    done = _linked_event(intent, forms[intent], sentence=sentence, editor=user) if posted else None
    if done and not _partial_wanted(request):
        messages.success(
            request, f"Sentence {sentence.position} now backs the event “{done.title}”."
        )
        return redirect(f"{sentence.article.get_absolute_url()}#s{sentence.position}")
    template = "timeline/event_from_sentence.html"
    return render(
        request,
        f"{template}#panel" if _partial_wanted(request) else template,
        {
            "sentence": sentence,
            "article": sentence.article,
            "add_form": forms["add"],
            "new_form": forms["new"],
            "can_link": allowed["add"],
            "can_create": allowed["new"],
            "done": done,
            "has_events": Event.objects.exists(),
        },
    )
