"""The editorial checks page, for signed-in editors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from editorial.checks import editorial_findings


@login_required
@permission_required("notes.change_note", raise_exception=True)
def checks(request: HttpRequest) -> HttpResponse:
    """Every check, with what it found in the published notes and events."""
    results = editorial_findings()
    return render(
        request,
        "editorial/checks.html",
        {"results": results, "total": sum(len(found) for _, found in results)},
    )
