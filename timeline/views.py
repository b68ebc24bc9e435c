"""The timeline pages: the annotated timeline, its TimelineJS3 and CSV downloads, and the editor's
"add this sentence to an event" form. Thin views; reads on EventQuerySet, writes in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Sentence
from notes.models import sees_drafts
from pagecache.http import kept_as_given, page_number, public_page
from pagecache.origin import absolute_url
from timeline.ending import sources_end
from timeline.evidence_csv import evidence_csv
from timeline.forms import EventFromSentenceForm, EvidenceAddForm, TimelineFilterForm
from timeline.lines import Filters
from timeline.listing import EVENT_FIELDS, event_lines
from timeline.models import Event
from timeline.overview import overview_build
from timeline.pages import TIMELINE
from timeline.permalinks import EVENTS_PER_PAGE
from timeline.services import EvidenceAlreadyLinked, event_create_from_sentence, event_evidence_add
from timeline.timelinejs import timeline_document

# The filters as EventQuerySet.matching() takes them.
FILTERS = ("source", "claimant", "credibility", "contested")
# The compact view (one line per event) is the default; the full view shows every quote.
COMPACT, FULL = "compact", "full"


def _flag(value: str) -> str | None:
    return "1" if value.strip().lower() in {"1", "on", "true"} else None


def _view(value: str) -> str | None:
    return FULL if value == FULL else None  # the compact view is the page without ?view=


# What the public pages read from the query string; anything else is redirected away.
# Events per page: timeline.permalinks (an event's permalink computes its page from it).
FILTER_QUERY = {
    "source": kept_as_given,
    "claimant": kept_as_given,
    "credibility": kept_as_given,
    "contested": _flag,
}
PAGE_QUERY = {**FILTER_QUERY, "page": page_number, "view": _view}


def _partial_wanted(request: HttpRequest) -> bool:
    """An htmx swap, not htmx restoring history (which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _filters(form: TimelineFilterForm) -> Filters:
    return Filters(**{name: form.cleaned_data[name] for name in FILTERS})


def _published_events(form: TimelineFilterForm):
    """What the downloads hold: published events and notes, through the page's filters."""
    return (
        Event.objects.published()
        .for_timeline()
        .matching(**{name: form.cleaned_data[name] for name in FILTERS})
    )


def _download_name(extension: str) -> str:
    """A dated file name, so downloads made on different days do not overwrite each other."""
    return f"panjshir-timeline-{timezone.localdate():%Y-%m-%d}.{extension}"


def _query(request: HttpRequest, *, drop: tuple[str, ...]) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


@require_safe
@public_page(TIMELINE, query=PAGE_QUERY)
def timeline(request: HttpRequest) -> HttpResponse:
    """The annotated timeline: an overview picture, then one line per event (or, in the full
    view, every quote with its note), each event's evidence marked where it met the filter."""
    include_draft_notes = sees_drafts(request.user)
    form = TimelineFilterForm(
        request.GET,
        events=Event.objects.visible_to(request.user),
        include_draft_notes=include_draft_notes,
    )
    status = 200
    events = []  # invalid filters list no events
    filters = Filters()
    view = FULL if request.GET.get("view") == FULL else COMPACT
    if form.is_valid():
        filters = _filters(form)
        events = (
            Event.objects.visible_to(request.user)
            .in_timeline_order()
            .matching(**vars(filters), include_draft_notes=include_draft_notes)
            .values(*EVENT_FIELDS)
        )
    else:
        status = 400
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    lines = event_lines(
        page, filters=filters, include_draft_notes=include_draft_notes, full=view == FULL
    )
    # The timeline's own end, not the filter's: where all its sources stop, said after the
    # last event dated like the last sourced one.
    end = sources_end(Event.objects.visible_to(request.user))
    ending = [line for line in lines if end and line.when == end.after_when]
    if ending:
        ending[-1].sources_end_after = True
    filter_query = _query(request, drop=("page", "view"))
    template = "timeline/timeline.html"
    response = render(
        request,
        f"{template}#results" if _partial_wanted(request) else template,
        {
            "form": form,
            "page": page,
            "lines": lines,
            "overview": overview_build([line.overview_event() for line in lines]),
            "view": view,
            "query": _query(request, drop=("page",)),
            "filter_query": filter_query,
            "full_query": f"{filter_query}&view={FULL}" if filter_query else f"view={FULL}",
            "page_url": absolute_url(request.get_full_path()),
            "can_edit": request.user.has_perm("timeline.change_event"),
            "sources_end": end,
        },
        status=status,
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_safe
@public_page(TIMELINE, query=FILTER_QUERY)
def timeline_json(request: HttpRequest) -> JsonResponse:
    """Published events in TimelineJS3's JSON format, as a download; the page's filters apply."""
    form = TimelineFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"error": "Invalid filters.", "fields": form.errors.get_json_data()}, status=400
        )
    response = JsonResponse(timeline_document(_published_events(form), request=request))
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_download_name("json")
    )
    # Published, public data: let a TimelineJS3 embed on another site load it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def timeline_csv(request: HttpRequest) -> HttpResponse:
    """Published events with their evidence, one row per quoted sentence, for a spreadsheet."""
    form = TimelineFilterForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponseBadRequest(
            f"These filters cannot be applied ({errors}).", content_type="text/plain"
        )
    body = evidence_csv(_published_events(form), absolute=absolute_url)
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_download_name("csv")
    )
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
        raise PermissionDenied("Adding sentences to timeline events needs the Editors role.")
    sentence = get_object_or_404(
        Sentence.objects.select_related("article__outlet"), article__slug=slug, position=position
    )
    posted = request.method == "POST"
    data = request.POST if posted else None
    intent = request.POST.get("intent") if posted else None
    if posted and intent not in allowed:
        return HttpResponseBadRequest("Say whether to add to an event or start a new one.")
    if posted and not allowed[intent]:
        raise PermissionDenied("Changing timeline events needs the Editors role.")
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
