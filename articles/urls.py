"""The sources' own pages. The root URLconf joins these with the notes' reading pages under
one namespace, ``articles``: a reader sees one set of article addresses."""

from django.urls import path

from articles import views

urlpatterns = [
    path("", views.index, name="index"),
    path("articles/<slug:slug>/source/", views.article_source, name="source"),
]
