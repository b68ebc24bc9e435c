"""The one independence rule (notes/independence.py), on real articles and notes."""

from __future__ import annotations

import pytest

from notes.independence import (
    Cited,
    Origin,
    independence_problems,
    origins_of,
    sentence_origin,
    shared_origin,
    wire_agencies,
)
from notes.models import Claimant
from tests.factories import OutletFactory, make_article, make_note

pytestmark = pytest.mark.django_db


def first_body(article):
    return article.sentences.get(position=2)


def test_wire_agencies_reads_each_named_agency_and_what_it_supplied():
    assert wire_agencies("AFP") == {"afp"}
    assert wire_agencies("Reuters / AP") == {"reuters", "ap"}
    assert wire_agencies("") == frozenset()
    both = "VOA (Dashty's statements); AFP (photo)"
    assert wire_agencies(both) == {"voa"}
    assert wire_agencies(both, caption=True) == {"voa", "afp"}


def test_two_outlets_citing_the_same_wire_are_one_source():
    one = make_article(headline="One", wire="AFP")
    other = make_article(headline="Other", wire="AFP; Reuters")
    why = shared_origin(sentence_origin(first_body(one)), sentence_origin(first_body(other)))
    assert why == "both credit AFP"


def test_a_photo_credit_does_not_make_the_copy_the_agencys():
    copy = make_article(headline="Copy", wire="AFP")
    herald = make_article(headline="Herald", wire="VOA (statements); AFP (photo)")
    assert (
        shared_origin(sentence_origin(first_body(copy)), sentence_origin(first_body(herald)))
        is None
    )
    caption = Origin.of(herald, caption=True)
    assert shared_origin(caption, sentence_origin(first_body(copy))) == "both credit AFP"


def test_the_same_outlet_and_the_same_article_are_one_source():
    outlet = OutletFactory(name="The Herald")
    one = make_article(headline="One", outlet=outlet)
    other = make_article(headline="Other", outlet=outlet)
    a, b = sentence_origin(first_body(one)), sentence_origin(first_body(other))
    assert shared_origin(a, b) == "both come from The Herald"
    same = sentence_origin(one.sentences.get(position=3))
    assert shared_origin(a, same) == "both are in the same article"


def test_copies_of_one_report_are_one_source():
    original = make_article(headline="Original")
    copy = make_article(headline="Syndicated copy")
    copy.copy_of = original
    copy.save()
    assert original.copies.get() == copy
    why = shared_origin(sentence_origin(first_body(copy)), sentence_origin(first_body(original)))
    assert why == "they are copies of one report"


def test_two_notes_naming_the_same_claimant_are_one_source():
    one, other = make_article(headline="One"), make_article(headline="Other")
    make_note(first_body(one), claimant="Zabihullah Mujahid")
    make_note(first_body(other), claimant="zabihullah  mujahid")
    origins = origins_of([first_body(one).pk, first_body(other).pk])
    why = shared_origin(origins[first_body(one).pk], origins[first_body(other).pk])
    assert why == "both notes name the same claimant (Zabihullah Mujahid)"


def test_two_outlets_witnessing_a_statement_are_independent_for_a_grade_about_it():
    """Grading only that Mujahid said it, a second outlet reporting him is a second witness."""
    one, other = make_article(headline="One"), make_article(headline="Other")
    mujahid = Claimant.objects.create(name="Zabihullah Mujahid")
    statement = Origin.of(one, mujahid, about_statement=True)
    assert shared_origin(statement, Origin.of(other, mujahid)) is None
    assert shared_origin(Origin.of(one, mujahid), Origin.of(other, mujahid)) is not None


def test_separate_outlets_without_a_shared_wire_or_claimant_are_independent():
    one, other = make_article(headline="One", wire="AFP"), make_article(headline="Other")
    assert shared_origin(Origin.of(one), Origin.of(other)) is None


def test_grade_1_needs_a_corroboration_from_an_independent_source():
    outlet = OutletFactory(name="The Herald")
    one = make_article(headline="One", outlet=outlet)
    same_outlet = Cited("corroborates", Origin.of(make_article(headline="Two", outlet=outlet)), "x")
    elsewhere = Cited("corroborates", Origin.of(make_article(headline="Three")), "y")
    repeat = Cited("repeats", Origin.of(make_article(headline="Four", outlet=outlet)), "z")
    kinds = [p.kind for p in independence_problems(origin=Origin.of(one), credibility=1, cited=[])]
    assert kinds == ["uncorroborated"]
    problems = independence_problems(origin=Origin.of(one), credibility=1, cited=[same_outlet])
    assert [p.kind for p in problems] == ["uncorroborated", "not_independent"]
    assert (
        independence_problems(origin=Origin.of(one), credibility=1, cited=[elsewhere, repeat]) == []
    )
    assert independence_problems(origin=Origin.of(one), credibility=2, cited=[]) == []
