"""Root URLs: the reading room, the timeline, sign-in and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.session_refusals import session_token

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("timeline.urls")),
    path("accounts/token/", session_token, name="session_token"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    # Only under DJANGO_BENCH=1 (set by `make bench`): the baseline that touches no database
    # and no template, measured beside the real pages.
    from bench.views import hello

    urlpatterns.append(path("_bench/hello", hello, name="bench-hello"))
