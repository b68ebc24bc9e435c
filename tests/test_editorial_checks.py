"""The editorial checks (editorial/checks.py): each one finds the fault planted and stays quiet
on sound content; the page is for editors only and its queries do not grow; the command exits 1
on findings; the starter content passes every check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.services import article_import
from desk.starter import starter_content_load, starter_events_load
from editorial.checks import editorial_findings
from notes.services import EvidenceLink
from tests.factories import OutletFactory, make_article, make_note
from tests.timeline_factories import EventFactory, evidence_for

pytestmark = pytest.mark.django_db

AUG_23 = dt.date(2021, 8, 23)


def found(slug: str) -> list:
    """The findings of one check."""
    return next(findings for check, findings in editorial_findings() if check.slug == slug)


def article(headline: str, *, outlet: str, text: str = "", **provenance):
    """An article of one outlet; `text` gives its body, else numbered sentences."""
    if not text:
        return make_article(
            4, headline=headline, outlet=OutletFactory(name=outlet), published=AUG_23, **provenance
        )
    return article_import(
        text=f"{headline}\n\n{text}",
        outlet=OutletFactory(name=outlet),
        headline=headline,
        published=provenance.pop("published", AUG_23),
        **provenance,
    )


def body(article, n: int = 1):
    """The n-th body sentence (the headline is sentence 1)."""
    return article.sentences.get(position=n + 1)


@pytest.fixture
def guardian():
    return article("Guardian copy", outlet="Guardian")


@pytest.fixture
def herald():
    return article("Herald report", outlet="Herald")


# --- grade 1 and independence --------------------------------------------------------------------


def test_grade_1_without_independent_corroboration_is_reported(guardian):
    make_note(body(guardian), credibility=1)
    (finding,) = found("grade-1")
    assert "without one the best grade is 2" in finding.message
    assert finding.url == body(guardian).get_absolute_url()


def test_grade_1_with_an_independent_corroboration_is_clean(guardian, herald):
    make_note(body(guardian), credibility=1, evidence=[EvidenceLink(body(herald), "corroborates")])
    assert found("grade-1") == [] and found("not-independent") == []


def test_corroborates_between_one_outlets_articles_is_reported(guardian):
    sister = make_article(3, headline="Sister", outlet=guardian.outlet, published=AUG_23)
    make_note(body(guardian), evidence=[EvidenceLink(body(sister), "corroborates")])
    (finding,) = found("not-independent")
    assert "both come from Guardian" in finding.message


def test_the_same_origin_linked_as_a_repeat_is_clean(guardian):
    sister = make_article(3, headline="Sister", outlet=guardian.outlet, published=AUG_23)
    make_note(body(guardian), evidence=[EvidenceLink(body(sister), "repeats")])
    assert found("not-independent") == []


# --- circular corroboration ----------------------------------------------------------------------


def test_two_notes_citing_each_other_as_their_only_support_are_reported(guardian, herald):
    make_note(body(guardian), evidence=[EvidenceLink(body(herald), "corroborates")])
    make_note(body(herald), evidence=[EvidenceLink(body(guardian), "corroborates")])
    assert {finding.url for finding in found("circular")} == {
        body(guardian).get_absolute_url(),
        body(herald).get_absolute_url(),
    }


def test_a_circle_of_three_is_reported_too(guardian, herald):
    third = article("Third", outlet="Third outlet")
    make_note(body(guardian), evidence=[EvidenceLink(body(herald), "corroborates")])
    make_note(body(herald), evidence=[EvidenceLink(body(third), "corroborates")])
    make_note(body(third), evidence=[EvidenceLink(body(guardian), "corroborates")])
    assert len(found("circular")) == 3


def test_mutual_support_with_support_from_outside_is_clean(guardian, herald):
    outside = article("Outside", outlet="Outside outlet")
    make_note(
        body(guardian),
        evidence=[
            EvidenceLink(body(herald), "corroborates"),
            EvidenceLink(body(outside), "corroborates"),
        ],
    )
    make_note(body(herald), evidence=[EvidenceLink(body(guardian), "corroborates")])
    assert found("circular") == []


# --- contradictions on both sides ----------------------------------------------------------------


def test_a_contradiction_whose_other_sentence_has_no_note_is_reported(guardian, herald):
    make_note(body(guardian), evidence=[EvidenceLink(body(herald), "contradicts")])
    (finding,) = found("one-sided")
    assert "no published note to link back" in finding.message


def test_a_contradiction_not_linked_back_is_reported(guardian, herald):
    make_note(body(guardian), evidence=[EvidenceLink(body(herald), "contradicts")])
    make_note(body(herald), evidence=[EvidenceLink(body(guardian), "repeats")])
    (finding,) = found("one-sided")
    assert "does not link back as contradicting" in finding.message


def test_a_contradiction_linked_both_ways_is_clean(guardian, herald):
    make_note(body(guardian), evidence=[EvidenceLink(body(herald), "contradicts")])
    make_note(body(herald), evidence=[EvidenceLink(body(guardian), "contradicts")])
    assert found("one-sided") == []


# --- relative dates ------------------------------------------------------------------------------


@pytest.fixture
def dated():
    return article(
        "Dated report",
        outlet="Dated outlet",
        text=(
            "The spokesman said on Tuesday evening that the pass was closed. "
            "The government collapsed last week, officials said. "
            "Fighters arrived a few days ago."
        ),
    )


@pytest.mark.parametrize(
    ("n", "note_body"),
    [
        (1, "The spokesman speaks for his side."),
        (1, "'Tuesday' is Monday 23 August 2021."),  # a date, but not a Tuesday
        (2, "The collapse is well reported."),
        (3, "Graded as a claim."),
    ],
)
def test_a_relative_date_the_note_does_not_resolve_is_reported(dated, n, note_body):
    make_note(body(dated, n), body=note_body)
    (finding,) = found("relative-dates")
    assert "does not state the date it resolves to" in finding.message


@pytest.mark.parametrize(
    ("n", "note_body"),
    [
        (1, "The article is dated Monday 23 August 2021; 'Tuesday evening' is 17 August 2021."),
        (2, "'Last week' against 23 August 2021 is about 16–22 August."),
        (3, "'A few days ago' puts it about 19–21 August 2021."),
    ],
)
def test_a_relative_date_resolved_in_the_note_is_clean(dated, n, note_body):
    make_note(body(dated, n), body=note_body)
    assert found("relative-dates") == []


def test_a_sentence_without_relative_dates_needs_no_date(guardian):
    make_note(body(guardian), body="No date needed.")
    assert found("relative-dates") == []


# --- the article's date in doubt -----------------------------------------------------------------


def test_a_note_silent_on_its_articles_doubtful_date_is_reported():
    doubtful = article("Re-write", outlet="Unknown site", date_doubtful=True)
    make_note(body(doubtful), body="Graded on its content.")
    (finding,) = found("date-doubt")
    assert "the article's date is in doubt" in finding.message


def test_a_note_that_says_the_date_is_in_doubt_is_clean():
    doubtful = article("Re-write", outlet="Unknown site", date_doubtful=True)
    make_note(body(doubtful), body="The printed date is in doubt; graded on its content.")
    assert found("date-doubt") == []


# --- events --------------------------------------------------------------------------------------


def test_an_event_without_evidence_is_reported():
    event = EventFactory(title="Something happened")
    (finding,) = found("no-evidence")
    assert finding.url == event.get_absolute_url()


def test_a_line_of_outside_context_needs_no_evidence():
    EventFactory(title="What followed", is_context=True)
    assert found("no-evidence") == []


def test_an_event_with_evidence_is_clean(guardian):
    evidence_for(EventFactory(title="Something happened"), body(guardian))
    assert found("no-evidence") == []


@pytest.mark.parametrize("date", [dt.date(2021, 9, 6), dt.date(2021, 6, 1)])
def test_an_event_dated_outside_what_its_sources_can_report_is_reported(guardian, date):
    evidence_for(EventFactory(title="Taken", date=date), body(guardian))
    (finding,) = found("event-dates")
    assert "outside what its sources can report" in finding.message


def test_an_event_any_of_whose_sources_can_report_it_is_clean(guardian):
    later = make_article(
        3, headline="Later", outlet=OutletFactory(name="Later"), published=dt.date(2021, 9, 8)
    )
    event = EventFactory(title="Taken", date=dt.date(2021, 9, 6))
    evidence_for(event, body(guardian))
    evidence_for(event, body(later))
    evidence_for(EventFactory(title="Fall", date=dt.date(2021, 8, 15)), body(guardian))
    assert found("event-dates") == []


def test_an_about_date_allows_a_few_days_after_it():
    approximate = article("About", outlet="About outlet", published_precision="approximate")
    evidence_for(EventFactory(title="Said", date=dt.date(2021, 8, 25)), body(approximate))
    assert found("event-dates") == []


def test_a_claim_told_in_the_houses_voice_is_reported(guardian):
    event = EventFactory(title="Panjshir is surrounded on three sides")
    evidence_for(event, body(guardian), role="claims")
    (finding,) = found("unattributed")
    assert "say whose claim it is" in finding.message


@pytest.mark.parametrize(
    ("title", "roles"),
    [
        ("Taliban say Panjshir is surrounded", ["claims"]),
        ("NRF claims it repelled the attack", ["claims", "claims"]),
        ("Fighting around the valley", ["claims", "reports"]),
    ],
)
def test_an_attributed_or_reported_event_is_clean(guardian, title, roles):
    event = EventFactory(title=title)
    for n, role in enumerate(roles, start=1):
        evidence_for(event, body(guardian, n), role=role)
    assert found("unattributed") == []


# --- drafts are not what readers see -------------------------------------------------------------


def test_draft_notes_and_events_are_not_checked(guardian):
    make_note(body(guardian), credibility=1, status="draft")
    EventFactory(title="A draft", status="draft")
    assert all(findings == [] for _, findings in editorial_findings())


# --- the page and the command --------------------------------------------------------------------


def test_the_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/editorial/checks/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_is_refused_to_a_signed_in_non_editor(client, reader):
    client.force_login(reader)
    assert client.get("/editorial/checks/").status_code == 403


def test_the_page_lists_each_finding_with_a_link(editor_client, guardian):
    make_note(body(guardian), credibility=1)
    html = editor_client.get("/editorial/checks/").content.decode()
    assert "1 finding" in html and "Grade 1 without independent corroboration" in html
    assert f'href="{body(guardian).get_absolute_url()}"' in html


def test_the_pages_queries_do_not_grow_with_notes_and_events(editor_client, guardian, herald):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get("/editorial/checks/").status_code == 200
        return len(captured)

    make_note(body(guardian), credibility=1, evidence=[EvidenceLink(body(herald), "contradicts")])
    evidence_for(EventFactory(title="One"), body(guardian))
    small = queries()
    for n in (2, 3):
        make_note(
            body(guardian, n), credibility=1, evidence=[EvidenceLink(body(herald, n), "repeats")]
        )
        make_note(body(herald, n), evidence=[EvidenceLink(body(guardian, n), "contradicts")])
        evidence_for(EventFactory(title=f"Event {n}"), body(herald, n), role="claims")
    assert queries() == small


def test_the_command_prints_one_line_per_finding_and_exits_1(guardian, capsys):
    make_note(body(guardian), credibility=1)
    with pytest.raises(SystemExit) as exit_:
        call_command("editorial_check", site="https://rr.example")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    (line,) = out.splitlines()
    assert line.startswith("grade-1: ")
    assert line.endswith(f" https://rr.example{body(guardian).get_absolute_url()}")


def test_the_command_reports_nothing_on_sound_content(guardian, capsys):
    make_note(body(guardian), credibility=2)
    call_command("editorial_check")
    assert "nothing to report" in capsys.readouterr().out


def test_the_starter_content_passes_every_check(db):
    """The revised starter notes and events, loaded as `make run` loads them, report nothing."""
    starter_content_load()
    starter_events_load()
    results = editorial_findings()
    assert {check.slug: [f.message for f in findings] for check, findings in results} == {
        check.slug: [] for check, _ in results
    }
