"""factory_boy factories; articles go through the real import service."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Outlet, Sentence
from articles.services import article_import
from notes.services import note_save


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Outlet {n}")
    slug = factory.Sequence(lambda n: f"test-outlet-{n}")
    reliability = "C"


def make_article(
    sentences: int = 5, *, headline: str = "A test article", outlet: Outlet | None = None, **kw
) -> Article:
    """An article of `sentences` numbered body sentences, stored through article_import."""
    body = " ".join(
        f"Sentence number {i} reports that fighters moved near the valley."
        for i in range(1, sentences + 1)
    )
    return article_import(
        text=f"{headline}\n\n{body}",
        outlet=outlet or OutletFactory(),
        headline=headline,
        **kw,
    )


def body_sentence(article: Article, n: int) -> Sentence:
    """The n-th body sentence (1-based) of a factory article."""
    return article.sentences.filter(kind="body").order_by("position")[n - 1]


# The article the correction and re-anchoring tests correct: a headline, a claim, a
# counter-claim and a caveat in one paragraph, and a last paragraph of its own.
BESIEGED_TEXT = (
    "Taliban say resistance besieged\n\n"
    "The Taliban said on Monday that their fighters had surrounded the valley. "
    "Resistance forces said they were holding strong. "
    "Claims from either side could not be verified.\n\n"
    "Talks were expected later in the week.\n"
)


def make_besieged_article(text: str = BESIEGED_TEXT) -> Article:
    """The corrections tests' article (BESIEGED_TEXT unless told), stored through article_import."""
    return article_import(text=text, outlet=OutletFactory(), headline="Taliban say besieged")


def make_note(sentence, *, editor=None, status: str = "published", **fields):
    """A note saved through the real note_save service (revision, anchors, rendering)."""
    values = {
        "credibility": 3,
        "claimant": None,
        "body": "A note.",
        "evidence": [],
        "base_version": 0,
    }
    values.update(fields)
    return note_save(sentence=sentence, editor=editor, status=status, **values)
