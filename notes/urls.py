"""The reading pages that show notes, and the note form; mounted under ``articles:``."""

from django.urls import path, register_converter

from articles.addressing import KEY_PATTERN
from notes import sentence_views, views


class SentenceKeyConverter:
    """A sentence key (articles.addressing): never all digits, so never a position."""

    regex = KEY_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SentenceKeyConverter, "sentence_key")

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path(
        "articles/<slug:slug>/sentences.csv",
        sentence_views.article_sentences_csv,
        name="sentences_csv",
    ),
    path(
        "articles/<slug:slug>/s/<sentence_key:key>/",
        sentence_views.sentence_detail,
        name="sentence",
    ),
    path("articles/<slug:slug>/s/<int:position>/", sentence_views.sentence_at, name="sentence_at"),
    path("articles/<slug:slug>/s/<int:position>/note/", views.note_edit, name="note"),
    path(
        "articles/<slug:slug>/s/<int:position>/note.jsonld",
        views.note_jsonld,
        name="note_jsonld",
    ),
    path("annotations.jsonld", views.annotations_jsonld, name="annotations"),
]
