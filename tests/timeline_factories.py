"""Test data for the timeline: articles, events, evidence and published notes, built through
the ORM and the timeline's own services."""

from __future__ import annotations

import datetime as dt

import factory

from articles.models import Sentence
from notes.markup import render_markdown
from notes.models import Claimant, Note, Status
from tests.factories import OutletFactory, make_article, make_note
from timeline.models import Event, EventEvidence
from timeline.services import evidence_anchor


def guardian_article(sentences: int):
    """The timeline tests' main source: a B-graded outlet's article of 23 August 2021."""
    return make_article(
        sentences,
        headline="Taliban say resistance besieged",
        slug="besieged",
        outlet=OutletFactory(name="The Guardian", slug="guardian", reliability="B"),
        published=dt.date(2021, 8, 23),
    )


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Spokesman {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    date = dt.date(2021, 8, 23)
    title = factory.Sequence(lambda n: f"Event number {n}")
    summary = "Something *happened*."
    summary_html = factory.LazyAttribute(lambda o: render_markdown(o.summary))
    status = Status.PUBLISHED


def note_on(
    sentence: Sentence,
    *,
    credibility: int = 2,
    claimant: Claimant | None = None,
    status: str = Status.PUBLISHED,
    body: str = "Graded because **reasons**.",
) -> Note:
    """A note on `sentence`, saved through note_save (anchored by quote, with a revision)."""
    return make_note(sentence, credibility=credibility, claimant=claimant, status=status, body=body)


def evidence_for(event: Event, sentence: Sentence, role: str = "reports", order: int = 0):
    """Link `sentence` to `event`, anchored by quote."""
    evidence = EventEvidence(event=event, sentence=sentence, role=role, order=order)
    evidence_anchor(evidence).save()
    return evidence
