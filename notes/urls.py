"""The reading pages that show notes, and the note form; mounted under ``articles:``."""

from django.urls import path

from notes import views

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/s/<int:position>/", views.sentence_detail, name="sentence"),
    path("articles/<slug:slug>/s/<int:position>/note/", views.note_edit, name="note"),
    path(
        "articles/<slug:slug>/s/<int:position>/note.jsonld",
        views.note_jsonld,
        name="note_jsonld",
    ),
    path("annotations.jsonld", views.annotations_jsonld, name="annotations"),
]
