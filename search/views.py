"""The public search page: one view, one template; htmx gets the results partial."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from search.engine import Results
from search.expressions import with_variants
from search.forms import SearchForm

HITS_PER_PAGE = 20


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Sentences of every article and published notes matching `q`, ranked, with filters."""
    form = SearchForm(request.GET)
    context: dict = {"form": form, "page": None, "query": None}
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["query"]:
        query = with_variants(form.cleaned_data["query"])
        paginator = Paginator(Results(query, form.filters()), HITS_PER_PAGE)
        number = form.cleaned_data.get("page") or 1
        if number > paginator.num_pages:
            form.add_error(
                "page",
                f"There is no page {number}: this search has {paginator.num_pages} "
                f"page{'s' if paginator.num_pages != 1 else ''}.",
            )
            status = 400
        else:
            page = paginator.page(number)
            params = request.GET.copy()
            params.pop("page", None)
            context.update(page=page, query=query, params=params.urlencode())
    template = "search/search.html"
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    response = render(
        request, f"{template}#results" if partial else template, context, status=status
    )
    patch_vary_headers(response, ("HX-Request",))
    # Results follow every write at once; nothing here is worth a shared cache's copy.
    patch_cache_control(response, private=True, no_cache=True)
    return response
