"""The desk's admin: lists that stay fast, corrections that keep notes, sentence fixes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleRevision
from articles.services import quote_anchor_for
from notes.models import Evidence, Note
from tests.factories import OutletFactory, make_article, make_note
from tests.tiling import assert_sentences_tile
from timeline.models import Event, EventEvidence

pytestmark = pytest.mark.django_db


def note_on(sentence, **fields) -> Note:
    return make_note(sentence, **{"credibility": 2, "body": "Checked.", **fields})


def articles_with_notes(count: int, start: int = 0) -> list[Article]:
    """Articles each with a note, an orphaned note with evidence, and an earlier revision."""
    made = []
    for i in range(start, start + count):
        article = make_article(4, headline=f"Article {i}", outlet=OutletFactory(name=f"O{i}"))
        ArticleRevision.objects.create(
            article=article, number=1, text="Old.", sha256="0" * 64, reason="Typo"
        )
        sentences = list(article.sentences.all())
        note_on(sentences[1])
        orphan = note_on(sentences[2])
        Evidence.objects.create(
            note=orphan,
            sentence=sentences[3],
            relation="corroborates",
            **quote_anchor_for(sentences[3]),
        )
        orphan.sentence = None
        orphan.save()
        made.append(article)
    return made


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/",
        "/admin/articles/sentence/",
        "/admin/notes/note/",
        "/admin/notes/evidence/",
        "/admin/articles/outlet/",
        "/admin/articles/articlerevision/",
    ],
)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, url):
    articles_with_notes(2)
    few = queries_for(admin_client, url)
    articles_with_notes(12, start=2)
    many = queries_for(admin_client, url)
    assert many == few


def test_article_list_shows_sentence_note_and_orphan_counts_and_public_links(admin_client):
    [article] = articles_with_notes(1)
    html = admin_client.get("/admin/articles/article/").content.decode()
    assert f'?article__id__exact={article.pk}">5</a>' in html  # headline + 4 sentences
    assert '<td class="field-note_count">1</td>' in html
    assert "1 orphaned</a>" in html
    assert f'href="{article.get_absolute_url()}">Read' in html


@pytest.mark.parametrize(
    ("query", "found"),
    [("Article 1", "Article 1"), ("O2", "Article 2"), ("fighters moved", "Article 0")],
)
def test_article_search_covers_headline_outlet_and_text(admin_client, query, found):
    articles_with_notes(3)
    html = admin_client.get("/admin/articles/article/", {"q": query}).content.decode()
    assert found in html


def test_article_list_filters_by_outlet_and_date_precision(admin_client):
    first, second = articles_with_notes(2)
    Article.objects.filter(pk=second.pk).update(published_precision="month")
    html = admin_client.get(
        "/admin/articles/article/", {"published_precision__exact": "month"}
    ).content.decode()
    assert "Article 1" in html and ">Article 0<" not in html
    html = admin_client.get(
        "/admin/articles/article/", {"outlet__id__exact": first.outlet_id}
    ).content.decode()
    assert ">Article 0<" in html and ">Article 1<" not in html


def test_sentence_list_filters_by_kind_and_searches_text(admin_client):
    article = make_article(3, headline="Kinds here")
    html = admin_client.get("/admin/articles/sentence/", {"kind__exact": "headline"}).content
    assert b"Kinds here" in html
    html = admin_client.get("/admin/articles/sentence/", {"q": "Sentence number 2"}).content
    assert b"Sentence number 2 reports" in html
    assert article.sentences.count() == 4


def test_note_list_filters_orphaned_and_by_grade(admin_client):
    articles_with_notes(1)
    html = admin_client.get("/admin/notes/note/", {"orphaned": "yes"}).content.decode()
    assert html.count('class="field-quote"') == 1
    html = admin_client.get("/admin/notes/note/", {"credibility": "5"}).content.decode()
    assert 'class="field-quote"' not in html


def test_article_change_page_links_the_public_page_correction_and_sentences(desk_client):
    article = make_article(3)
    html = desk_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f"/admin/articles/article/{article.pk}/correct/" in html
    assert f"?article__id__exact={article.pk}" in html
    assert "/admin/r/" in html  # Django's "View on site"


def test_the_text_cannot_be_edited_in_the_ordinary_change_form(desk_client):
    article = make_article(2)
    html = desk_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="text"' not in html


# --- Correcting the text ------------------------------------------------------------------


def test_correction_page_stores_a_revision_and_reports_the_notes(desk_client, desk):
    article = make_article(3, headline="To correct")
    sentence = article.sentences.get(position=3)
    note = note_on(sentence)
    corrected = article.text.replace("Sentence number 1 reports", "Sentence number one reports")
    response = desk_client.post(
        f"/admin/articles/article/{article.pk}/correct/",
        {"text": corrected.replace("\n", "\r\n"), "reason": "Typo in the print edition"},
    )
    assert response.status_code == 302
    revision = ArticleRevision.objects.get(article=article)
    assert revision.editor == desk and revision.reason == "Typo in the print edition"
    note.refresh_from_db()
    assert note.sentence.text == sentence.text
    page = desk_client.get(response["Location"]).content.decode()
    assert "re-anchored: 1 exactly" in page
    assert "Typo in the print edition" in page  # the earlier text, listed with its reason


def test_correction_without_a_reason_is_a_form_error(desk_client):
    article = make_article(2)
    response = desk_client.post(
        f"/admin/articles/article/{article.pk}/correct/",
        {"text": article.text + "More.", "reason": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not ArticleRevision.objects.exists()


def test_correction_reports_orphans_with_a_link_to_reattach_them(desk_client):
    article = make_article(3)
    note = note_on(article.sentences.get(position=2))
    response = desk_client.post(
        f"/admin/articles/article/{article.pk}/correct/",
        {"text": "Something else entirely.\n", "reason": "Wrong text was stored"},
        follow=True,
    )
    html = response.content.decode()
    assert f"/admin/notes/note/{note.pk}/reattach/" in html


def test_old_text_stays_readable_with_its_date_and_reason(desk_client):
    article = make_article(2)
    old = article.text
    desk_client.post(
        f"/admin/articles/article/{article.pk}/correct/",
        {"text": old + "Added line.\n", "reason": "Missing last line"},
    )
    revision = ArticleRevision.objects.get()
    html = desk_client.get(f"/admin/articles/articlerevision/{revision.pk}/change/").content
    assert old.splitlines()[2].encode() in html
    assert b"Missing last line" in html


def test_editors_cannot_correct_texts(editor_client):
    article = make_article(2)
    response = editor_client.get(f"/admin/articles/article/{article.pk}/correct/")
    assert response.status_code == 403


# --- Sentences ----------------------------------------------------------------------------


def test_merge_view_confirms_then_merges_on_post(desk_client):
    article = make_article(3)
    first = article.sentences.get(position=2)
    page = desk_client.get(f"/admin/articles/sentence/{first.pk}/merge/")
    assert b"Merge them" in page.content
    assert article.sentences.count() == 4
    response = desk_client.post(f"/admin/articles/sentence/{first.pk}/merge/")
    assert response.status_code == 302
    assert article.sentences.count() == 3
    assert_sentences_tile(article)


def test_split_view_splits_where_the_desk_typed_a_bar(desk_client):
    article = make_article(2)
    sentence = article.sentences.get(position=2)
    marked = sentence.text.replace(" reports", " |reports")
    response = desk_client.post(
        f"/admin/articles/sentence/{sentence.pk}/split/", {"marked": marked}
    )
    assert response.status_code == 302
    assert list(article.sentences.order_by("position").values_list("text", flat=True))[1:3] == [
        "Sentence number 1",
        "reports that fighters moved near the valley.",
    ]
    assert_sentences_tile(article)


def test_split_view_refuses_a_changed_text(desk_client):
    article = make_article(2)
    sentence = article.sentences.get(position=2)
    response = desk_client.post(
        f"/admin/articles/sentence/{sentence.pk}/split/", {"marked": "Changed | words"}
    )
    assert response.status_code == 200
    assert "change nothing else" in str(response.context["form"].errors["marked"])


def test_kind_is_corrected_from_the_sentence_list_action(desk_client):
    article = make_article(2)
    sentence = article.sentences.get(position=2)
    desk_client.post(
        "/admin/articles/sentence/",
        {"action": "mark_chrome", "_selected_action": [sentence.pk]},
    )
    sentence.refresh_from_db()
    assert sentence.kind == "chrome"


def test_sentences_cannot_be_deleted_or_added_by_hand(admin_client):
    article = make_article(2)
    sentence = article.sentences.first()
    assert admin_client.get(f"/admin/articles/sentence/{sentence.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/articles/sentence/add/").status_code == 403


# --- Orphaned notes -----------------------------------------------------------------------


def test_orphaned_note_shows_its_old_quote_and_is_reattached_by_hand(admin_client):
    article = make_article(3)
    note = note_on(article.sentences.get(position=2))
    quote = note.quote_exact
    note.sentence = None
    note.save()
    page = admin_client.get(f"/admin/notes/note/{note.pk}/reattach/").content.decode()
    assert quote in page and "Orphaned" in page
    target = article.sentences.get(position=2)
    response = admin_client.post(
        f"/admin/notes/note/{note.pk}/reattach/", {"position": target.position}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.sentence == target


def test_desk_may_see_notes_but_not_move_them(desk_client):
    article = make_article(2)
    note = note_on(article.sentences.get(position=2))
    assert desk_client.get(f"/admin/notes/note/{note.pk}/change/").status_code == 200
    assert desk_client.get(f"/admin/notes/note/{note.pk}/reattach/").status_code == 403


def test_notes_are_never_deleted_from_the_admin(admin_client):
    article = make_article(2)
    note = note_on(article.sentences.get(position=2))
    assert admin_client.get(f"/admin/notes/note/{note.pk}/delete/").status_code == 403


def test_orphaned_event_evidence_is_reported_with_a_link_to_its_event(desk_client):
    article = make_article(3)
    sentence = article.sentences.get(position=2)
    event = Event.objects.create(slug="claim", date=dt.date(2021, 8, 23), title="A claim")
    EventEvidence.objects.create(event=event, sentence=sentence, **quote_anchor_for(sentence))
    response = desk_client.post(
        f"/admin/articles/article/{article.pk}/correct/",
        {"text": "Something else entirely.\n", "reason": "Wrong text was stored"},
        follow=True,
    )
    assert response.status_code == 200
    assert f"/admin/timeline/event/{event.pk}/change/" in response.content.decode()
