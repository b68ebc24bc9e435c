"""Published notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

Each note is an Annotation with motivation `assessing`: its body is the note (HTML, sanitised
on save), a `tagging` body carrying the grade ("F4") and an `identifying` body naming the
claimant; its target is the sentence's span of the verbatim source record, given both by
quote (TextQuoteSelector) and by character offsets (TextPositionSelector).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.paginator import Page
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import reverse

from notes.models import Note

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTENT_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'
PAGE_SIZE = 100
NEWSROOM = {"type": "Organization", "name": "The Reading Room"}

# Absolute URL for a path: request.build_absolute_uri in the views.
Absolute = Callable[[str], str]


def note_annotation_url(note: Note) -> str:
    sentence = note.sentence
    return reverse(
        "articles:note_jsonld",
        kwargs={"slug": sentence.article.slug, "position": sentence.position},
    )


def _agent(user) -> dict[str, str]:
    if user is None:
        return dict(NEWSROOM)
    return {"type": "Person", "name": user.get_full_name() or user.get_username()}


def note_annotation(note: Note, absolute: Absolute, *, context: bool = True) -> dict:
    """One published note as an Annotation. Needs note.sentence.article and the anchor fields."""
    body: list[dict] = []
    if note.body_html:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": note.body_html,
                "format": "text/html",
                "language": "en",
            }
        )
    body.append({"type": "TextualBody", "purpose": "tagging", "value": note.grade})
    if note.claimant is not None:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "identifying",
                "value": note.claimant.name,
                "format": "text/plain",
            }
        )
    quote: dict = {"type": "TextQuoteSelector", "exact": note.quote_exact}
    if note.quote_prefix:
        quote["prefix"] = note.quote_prefix
    if note.quote_suffix:
        quote["suffix"] = note.quote_suffix
    article = note.anchor_article or note.sentence.article
    annotation = {
        "@context": ANNO_CONTEXT,
        "id": absolute(note_annotation_url(note)),
        "type": "Annotation",
        "motivation": "assessing",
        "creator": _agent(note.created_by),
        "created": note.created_at,
        "modified": note.updated_at,
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": absolute(article.get_source_url()),
            "selector": [
                quote,
                {"type": "TextPositionSelector", "start": note.quote_start, "end": note.quote_end},
            ],
        },
    }
    if not context:
        del annotation["@context"]
    return annotation


def _page_url(absolute: Absolute, number: int) -> str:
    return absolute(f"{reverse('articles:annotations')}?page={number}")


def annotation_page(page: Page, absolute: Absolute, *, context: bool = True) -> dict:
    """One page of the collection (a Paginator page of Note.objects.annotations())."""
    total = page.paginator.count
    data = {
        "@context": ANNO_CONTEXT,
        "id": _page_url(absolute, page.number),
        "type": "AnnotationPage",
        "partOf": {"id": absolute(reverse("articles:annotations")), "total": total},
        "startIndex": page.start_index() - 1 if total else 0,
        "items": [note_annotation(note, absolute, context=False) for note in page],
    }
    if page.has_previous():
        data["prev"] = _page_url(absolute, page.previous_page_number())
    if page.has_next():
        data["next"] = _page_url(absolute, page.next_page_number())
    if not context:
        del data["@context"]
    return data


def annotation_collection(first_page: Page, absolute: Absolute) -> dict:
    """The collection of every published note, with its first page embedded."""
    total = first_page.paginator.count
    collection = {
        "@context": ANNO_CONTEXT,
        "id": absolute(reverse("articles:annotations")),
        "type": "AnnotationCollection",
        "label": "The Reading Room: reliability notes on the Panjshir standoff sources",
        "total": total,
    }
    if total:
        collection["first"] = annotation_page(first_page, absolute, context=False)
        collection["last"] = _page_url(absolute, first_page.paginator.num_pages)
    return collection


def jsonld_response(data: dict) -> HttpResponse:
    """JSON-LD with the annotation profile; <, > and & escaped so no text reads as markup."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return HttpResponse(text.encode("utf-8"), content_type=CONTENT_TYPE)
