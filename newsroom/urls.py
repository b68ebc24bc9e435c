"""Root URLs: the reading room, the timeline, sign-in and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.urls import urlpatterns as source_pages
from notes.urls import urlpatterns as reading_pages

urlpatterns = [
    # One namespace for an article's addresses, whichever layer serves the page.
    path("", include(([*source_pages, *reading_pages], "articles"))),
    path("", include("timeline.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    # Only under DJANGO_BENCH=1 (set by `make bench`): the baseline that touches no database
    # and no template, measured beside the real pages.
    from bench.views import hello

    urlpatterns.append(path("_bench/hello", hello, name="bench-hello"))
