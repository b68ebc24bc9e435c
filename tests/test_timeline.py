"""The public timeline at /timeline/: events by day, quoted evidence with grades, filters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Sentence, date_label
from articles.services import quote_anchor_for
from notes.models import Evidence, Note, Relation, Status
from pagecache.stamps import stamps_bump
from tests.factories import OutletFactory, body_sentence, make_article, make_note
from tests.timeline_factories import (
    ClaimantFactory,
    EventFactory,
    evidence_for,
    guardian_article,
    note_on,
)
from timeline.models import Event, EventEvidence
from timeline.pages import TIMELINE

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return guardian_article(6)


@pytest.fixture
def other_article():
    return make_article(
        4,
        headline="A propaganda re-post",
        slug="repost",
        outlet=OutletFactory(name="SouthFront", slug="southfront", reliability="E"),
        published=dt.date(2021, 8, 24),
    )


def html_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("start", "end", "precision", "label"),
    [
        (dt.date(2021, 8, 22), None, "day", "22 August 2021"),
        (dt.date(2021, 8, 22), None, "approximate", "about 22 August 2021"),
        (dt.date(2021, 8, 1), None, "month", "August 2021"),
        (dt.date(2021, 8, 22), dt.date(2021, 8, 24), "day", "22–24 August 2021"),
        (
            dt.date(2021, 8, 30),
            dt.date(2021, 9, 2),
            "approximate",
            "about 30 August – 2 September 2021",
        ),
        (dt.date(2021, 8, 1), dt.date(2021, 9, 1), "month", "August–September 2021"),
    ],
)
def test_date_label_is_as_precise_as_the_sources(start, end, precision, label):
    assert date_label(start, end, precision) == label


def test_timeline_lists_published_events_in_date_order_grouped_by_day(client, article):
    EventFactory(title="Talks fail", date=dt.date(2021, 9, 1))
    EventFactory(title="Kabul falls", date=dt.date(2021, 8, 15))
    EventFactory(title="Spokesman tweets", date=dt.date(2021, 8, 23))
    EventFactory(title="Column heads north", date=dt.date(2021, 8, 23))
    html = html_of(client.get("/timeline/?view=full"))
    titles = re.findall(r'class="event__title"[^>]*>([^<]+)<', html)
    assert titles == ["Kabul falls", "Column heads north", "Spokesman tweets", "Talks fail"]
    days = re.findall(r'<h2 class="timeline__date"><time datetime="([^"]+)">([^<]+)<', html)
    assert days == [
        ("2021-08-15", "15 August 2021"),
        ("2021-08-23", "23 August 2021"),
        ("2021-09-01", "1 September 2021"),
    ]


def test_timeline_shows_date_precision_honestly(client):
    EventFactory(title="Approach", date=dt.date(2021, 8, 22), date_precision="approximate")
    EventFactory(title="Exodus", date=dt.date(2021, 8, 1), date_precision="month")
    html = html_of(client.get("/timeline/?view=full"))
    assert '<time datetime="2021-08-22">About 22 August 2021</time>' in html
    assert '<time datetime="2021-08">August 2021</time>' in html


def test_public_sees_no_draft_events(client):
    EventFactory(title="Checked and published")
    EventFactory(title="Still being checked", status=Status.DRAFT)
    html = html_of(client.get("/timeline/"))
    assert "Checked and published" in html
    assert "Still being checked" not in html


def test_editors_see_draft_events_marked_as_drafts(editor_client):
    draft = EventFactory(title="Still being checked", status=Status.DRAFT)
    html = html_of(editor_client.get("/timeline/"))
    article_html = html.split(f'id="{draft.slug}"')[1].split("</article>")[0]
    assert "Still being checked" in article_html
    assert '<span class="tag tag--warn">Draft</span>' in article_html


def test_evidence_is_quoted_with_outlet_date_grade_note_and_links(client, article):
    sentence = body_sentence(article, 2)
    event = EventFactory(title="Valley surrounded")
    evidence_for(event, sentence, role="claims")
    note_on(
        sentence,
        credibility=4,
        claimant=ClaimantFactory(name="Zabihullah Mujahid"),
        body="One side's claim; **not confirmed**.",
    )
    html = html_of(client.get("/timeline/?view=full"))
    url = sentence.get_absolute_url()
    assert f'<blockquote class="evidence__quote" cite="{url}">' in html
    assert f">{sentence.text}</a>" in html
    assert '<span class="byline__outlet">The Guardian</span>' in html
    assert '<time datetime="2021-08-23">23 August 2021</time>' in html
    assert '<span class="grade__code">B4</span>' in html
    assert "claimant: Zabihullah Mujahid" in html
    assert "Claims (one party&#x27;s statement)" in html
    assert '<details class="evidence__note">' in html
    assert "One side&#x27;s claim; <strong>not confirmed</strong>." not in html  # rendered once
    assert "One side's claim; <strong>not confirmed</strong>." in html
    assert f'href="/articles/besieged/#s{sentence.position}"' in html


def test_draft_notes_are_not_shown_to_the_public(client, article):
    sentence = body_sentence(article, 1)
    evidence_for(EventFactory(), sentence)
    note_on(sentence, credibility=5, status=Status.DRAFT, body="Unfinished reasoning.")
    html = html_of(client.get("/timeline/"))
    assert "not yet graded" in html
    assert "Unfinished reasoning" not in html
    assert "grade__code" not in html


def test_editors_see_draft_notes_marked_as_drafts(editor_client, article):
    sentence = body_sentence(article, 1)
    evidence_for(EventFactory(), sentence)
    note_on(sentence, credibility=5, status=Status.DRAFT, body="Unfinished reasoning.")
    html = html_of(editor_client.get("/timeline/?view=full"))
    assert "Unfinished reasoning" in html
    assert '<span class="grade__draft">(draft)</span>' in html


def test_event_with_disputing_evidence_is_marked_contested_in_words(client, article):
    event = EventFactory(title="Fighters number 6,000")
    evidence_for(event, body_sentence(article, 1), role="claims")
    evidence_for(event, body_sentence(article, 2), role="disputes")
    html = html_of(client.get("/timeline/?view=full"))
    assert 'class="event event--contested"' in html
    assert '<span class="contested__icon" aria-hidden="true">⚠</span> Contested' in html


def test_event_whose_evidence_notes_contradict_each_other_is_contested(client, article):
    first, second = body_sentence(article, 1), body_sentence(article, 2)
    event = EventFactory(title="Casualties")
    evidence_for(event, first, role="claims")
    evidence_for(event, second, role="claims")
    note = note_on(first, credibility=4)
    note_on(second, credibility=4)
    Evidence.objects.create(
        note=note, sentence=second, relation=Relation.CONTRADICTS, **quote_anchor_for(second)
    )
    assert Event.objects.with_contested().get(pk=event.pk).is_contested is True


def test_event_with_agreeing_evidence_is_not_contested(client, article):
    event = EventFactory(title="Kabul falls")
    evidence_for(event, body_sentence(article, 1))
    evidence_for(event, body_sentence(article, 2), role="claims")
    html = html_of(client.get("/timeline/"))
    assert "event--contested" not in html
    assert "Contested" not in html.split('id="timeline-results"')[1]


def test_summary_markdown_is_sanitised(client):
    EventFactory(summary="Said **this** <script>alert(1)</script>")
    html = html_of(client.get("/timeline/"))
    assert "<strong>this</strong>" in html
    assert "<script>alert" not in html


def test_filter_by_source_keeps_events_with_evidence_from_that_article(
    client, article, other_article
):
    guardian = EventFactory(title="Reported by the Guardian")
    evidence_for(guardian, body_sentence(article, 1))
    southfront = EventFactory(title="Reported by SouthFront")
    evidence_for(southfront, body_sentence(other_article, 1))
    html = html_of(client.get("/timeline/?source=repost"))
    assert "Reported by SouthFront" in html
    assert "Reported by the Guardian" not in html


def test_filter_by_claimant_uses_published_notes(client, article):
    mujahid = ClaimantFactory(name="Zabihullah Mujahid")
    claimed = EventFactory(title="Claimed by Mujahid")
    evidence_for(claimed, body_sentence(article, 1), role="claims")
    note_on(body_sentence(article, 1), claimant=mujahid)
    drafted = EventFactory(title="Draft note only")
    evidence_for(drafted, body_sentence(article, 2), role="claims")
    note_on(body_sentence(article, 2), claimant=mujahid, status=Status.DRAFT)
    html = html_of(client.get("/timeline/?claimant=Zabihullah+Mujahid"))
    assert "Claimed by Mujahid" in html
    assert "Draft note only" not in html


def test_claimant_choices_are_the_claimants_the_timeline_quotes(client, article):
    """The list stays as short as the timeline however many notes the corpus holds."""
    quoted = EventFactory(title="Claimed by Mujahid")
    evidence_for(quoted, body_sentence(article, 1), role="claims")
    note_on(body_sentence(article, 1), claimant=ClaimantFactory(name="Zabihullah Mujahid"))
    # Quoted nowhere on the timeline:
    note_on(body_sentence(article, 2), claimant=ClaimantFactory(name="Fahim Dashty"))
    html = html_of(client.get("/timeline/"))
    choices = html.split('name="claimant"')[1].split("</select>")[0]
    assert '<option value="Zabihullah Mujahid">' in choices
    assert "Fahim Dashty" not in choices


def test_filter_by_credibility(client, article):
    confirmed = EventFactory(title="Confirmed event")
    evidence_for(confirmed, body_sentence(article, 1))
    note_on(body_sentence(article, 1), credibility=1)
    doubtful = EventFactory(title="Doubtful event")
    evidence_for(doubtful, body_sentence(article, 2))
    note_on(body_sentence(article, 2), credibility=4)
    html = html_of(client.get("/timeline/?credibility=4"))
    assert "Doubtful event" in html
    assert "Confirmed event" not in html


def test_filter_contested_only(client, article):
    contested = EventFactory(title="Disputed count")
    evidence_for(contested, body_sentence(article, 1), role="claims")
    evidence_for(contested, body_sentence(article, 2), role="disputes")
    plain = EventFactory(title="Plain report")
    evidence_for(plain, body_sentence(article, 3))
    html = html_of(client.get("/timeline/?contested=1"))
    assert "Disputed count" in html
    assert "Plain report" not in html
    assert "Plain report" in html_of(client.get("/timeline/?contested=0", follow=True))


def test_filters_are_a_plain_get_form_with_labels_and_a_submit_button(client):
    html = html_of(client.get("/timeline/"))
    form = re.search(r'<form method="get" action="/timeline/".*?</form>', html, re.S).group(0)
    for name in ["source", "claimant", "credibility", "contested"]:
        assert f'name="{name}"' in form
        assert f'<label for="id_{name}">' in form
    assert '<button type="submit"' in form
    assert 'hx-get="/timeline/"' in form and 'hx-target="#timeline-results"' in form
    assert 'hx-push-url="true"' in form


def test_an_invalid_filter_is_refused_with_an_explanation(client):
    response = client.get("/timeline/?credibility=9")
    assert response.status_code == 400
    assert "These filters cannot be applied" in html_of(response)


def test_htmx_request_gets_only_the_results_partial(client):
    EventFactory(title="Kabul falls")
    response = client.get("/timeline/?contested=", headers={"HX-Request": "true"})
    html = html_of(response)
    assert "Kabul falls" in html
    assert "<html" not in html and "<form" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        "/timeline/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in html_of(response)


def test_home_page_links_prominently_to_the_timeline(client):
    html = html_of(client.get("/"))
    assert '<a class="button" href="/timeline/">' in html


def _queries(client, url: str) -> int:
    """Queries run to serve `url`, which must list at least one event."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="event__title"' in html or 'class="event-line__title"' in html
    return len(ctx.captured_queries)


def _build_events(article: Article, *, prefix: str, events: int, per_event: int) -> None:
    """`events` published events, each with `per_event` evidence sentences of their own, each
    sentence with a published note by a claimant and a contradicting link; bulk-created."""
    claimant = ClaimantFactory(name="Fahim Dashty")
    start = article.sentences.count() + 1
    sentences = Sentence.objects.bulk_create(
        Sentence(
            article=article,
            position=start + n,
            start=n,
            end=n + 1,
            kind="body",
            text=f"{prefix} sentence {n} quotes a spokesman.",
        )
        for n in range(events * per_event)
    )
    notes = Note.objects.bulk_create(
        Note(
            sentence=s,
            credibility=1 + n % 6,
            claimant=claimant,
            status=Status.PUBLISHED,
            body_html="<p>Reasoning.</p>",
            anchor_article=article,
            quote_exact=s.text,
        )
        for n, s in enumerate(sentences)
    )
    Evidence.objects.bulk_create(
        Evidence(note=note, sentence=sentences[n - 1], relation=Relation.CONTRADICTS)
        for n, note in enumerate(notes)
    )
    made = Event.objects.bulk_create(
        Event(
            slug=f"{prefix}-{n}",
            date=dt.date(2021, 8, 1) + dt.timedelta(days=n % 40),
            title=f"{prefix} event {n}",
            summary_html="<p>Summary.</p>",
            status=Status.PUBLISHED,
        )
        for n in range(events)
    )
    EventEvidence.objects.bulk_create(
        EventEvidence(
            event=event,
            sentence=sentences[e * per_event + k],
            role=["reports", "claims", "disputes"][k % 3],
            order=k,
            anchor_article=article,
        )
        for e, event in enumerate(made)
        for k in range(per_event)
    )
    # Bulk writes bypass the services, so stamp the timeline as event_save would.
    stamps_bump({TIMELINE})


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?contested=1",
        "?source=bulk&claimant=Fahim+Dashty&credibility=3",
        "?view=full",
        "?view=full&contested=1&credibility=2",
    ],
)
def test_timeline_query_count_does_not_grow_with_events_and_evidence(client, query):
    article = make_article(2, headline="Bulk", slug="bulk")
    _build_events(article, prefix="small", events=3, per_event=3)
    small_count = _queries(client, "/timeline/" + query)
    _build_events(article, prefix="large", events=500, per_event=5)
    assert EventEvidence.objects.filter(event__slug__startswith="large-").count() == 2500
    assert _queries(client, "/timeline/" + query) == small_count


@pytest.mark.parametrize("view", ["compact", "full"])
def test_timeline_query_count_for_editors_does_not_grow_either(editor_client, view):
    article = make_article(2, headline="Bulk", slug="bulk")
    _build_events(article, prefix="small", events=3, per_event=3)
    small_count = _queries(editor_client, f"/timeline/?view={view}")
    _build_events(article, prefix="large", events=500, per_event=5)
    assert _queries(editor_client, f"/timeline/?view={view}") == small_count


def test_the_filters_in_force_are_said_in_words(client, article):
    event = EventFactory(title="Disputed count")
    evidence_for(event, body_sentence(article, 1), role="disputes")
    html = html_of(client.get("/timeline/?contested=1&source=besieged"))
    assert (
        "1 event matches these filters — source: The Guardian: Taliban say resistance besieged; "
        "contested events only." in html
    )


def test_source_filter_lists_only_the_sources_the_timeline_quotes(client, article, other_article):
    event = EventFactory(title="Quoted once")
    evidence_for(event, body_sentence(article, 1))
    html = html_of(client.get("/timeline/"))
    assert f'<option value="{article.slug}"' in html
    assert f'<option value="{other_article.slug}"' not in html


# --- Paging -----------------------------------------------------------------------------------


def _titles(response) -> list[str]:
    """The events listed, in order (the compact view, the default)."""
    return re.findall(r'class="event-line__title">([^<]+)<', html_of(response))


def test_a_long_timeline_is_paged_in_date_order_with_the_total_said(client):
    article = make_article(2, headline="Bulk", slug="bulk")
    _build_events(article, prefix="long", events=45, per_event=1)
    first = client.get("/timeline/")
    last = client.get("/timeline/?page=3")
    assert len(_titles(first)) == 20 and len(_titles(last)) == 5
    # Events fall on 1 August to 9 September 2021, the first five days twice.
    assert (
        "45 events; page 1 of 3 shows events 1 to 20, from 1 August 2021 to 15 August 2021."
        in html_of(first)
    )
    assert (
        "45 events; page 3 of 3 shows events 41 to 45, from 5 September 2021 to 9 September 2021."
        in html_of(last)
    )
    assert '<a href="?page=2" rel="next">Later events' in html_of(first)
    assert 'rel="prev"' not in html_of(first)
    assert '<a href="?page=2" rel="prev">Earlier events' in html_of(last)
    every = [*_titles(first), *_titles(client.get("/timeline/?page=2")), *_titles(last)]
    by_date = Event.objects.order_by("date", "date_precision", "end_date", "title")
    assert every == list(by_date.values_list("title", flat=True))


def test_page_links_keep_the_filters_in_force(client):
    article = make_article(2, headline="Bulk", slug="bulk")
    _build_events(article, prefix="long", events=25, per_event=3)  # each has a disputing quote
    html = html_of(client.get("/timeline/?contested=1&source=bulk"))
    assert "25 events match these filters" in html
    assert '<a href="?contested=1&amp;source=bulk&amp;page=2" rel="next">' in html
    second = client.get("/timeline/?contested=1&source=bulk&page=2")
    assert len(_titles(second)) == 5
    assert '<a href="?contested=1&amp;source=bulk&amp;page=1" rel="prev">' in html_of(second)


@pytest.mark.parametrize(("page", "shown"), [("9", "page 2 of 2"), ("x", "page 1 of 2")])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_real_page(client, page, shown):
    _build_events(make_article(2, slug="bulk"), prefix="long", events=21, per_event=1)
    response = client.get(f"/timeline/?page={page}", follow=True)
    assert response.status_code == 200
    assert shown in html_of(response)


def test_a_timeline_that_fits_on_one_page_has_no_page_links(client, article):
    evidence_for(EventFactory(title="Only event"), body_sentence(article, 1))
    html = html_of(client.get("/timeline/"))
    assert "1 event." in html
    assert 'aria-label="Pages of events"' not in html


def test_the_json_export_is_not_paged(client):
    _build_events(make_article(2, slug="bulk"), prefix="long", events=45, per_event=1)
    assert len(client.get("/timeline.json").json()["events"]) == 45


def test_a_grade_about_a_statement_says_whose_on_the_timeline_and_in_search(client, article):
    """The badge says what the grade is about wherever it is shown, as the article page does."""
    sentence = body_sentence(article, 1)
    evidence_for(EventFactory(), sentence)
    make_note(
        sentence,
        credibility=1,
        grade_about="statement",
        claimant="Zabihullah Mujahid, Taliban spokesman",
    )
    said = "Confirmed by other sources: that Zabihullah Mujahid said it"
    for address in ("/timeline/", "/timeline/?view=full"):
        assert said in html_of(client.get(address))
    word = re.findall(r"[A-Za-z]{5,}", sentence.text)[0]
    assert said in html_of(client.get("/search/", {"q": word}))
