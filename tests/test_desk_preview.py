"""Every problem at the preview, on its field: duplicates, headlines, outlets, near-copies.

Through the real admin, signed in as a member of the Desk group.
"""

from __future__ import annotations

import pytest

from articles.models import Article
from articles.services import article_import, article_text_correct
from tests.factories import OutletFactory
from tests.test_admin_intake import errors, metadata, preview, save_from, upload

pytestmark = pytest.mark.django_db

BODY = (
    "Resistance fighters said on Tuesday that they still held every district of the valley, "
    "despite the Taliban's claim to have surrounded them. "
    "\u201cWe will not surrender our weapons,\u201d a commander told reporters by telephone "
    "from a village near the river. "
    "The Taliban spokesman said talks with elders had begun but gave no date for a meeting. "
    "Aid groups warned that food and fuel were running short after the road was blocked. "
    "Residents said shops in the main bazaar had been closed for three days in a row.\n"
)
STORED_TEXT = f"Valley fighters vow to hold out\n\n{BODY}"


@pytest.fixture
def outlet():
    return OutletFactory(name="Valley Herald")


@pytest.fixture
def stored(outlet):
    return article_import(text=STORED_TEXT, outlet=outlet, headline="Valley fighters vow")


def test_a_duplicate_is_shown_on_the_text_at_the_preview_with_links(desk_client, stored, outlet):
    response = preview(desk_client, text=STORED_TEXT, **metadata(outlet))
    page = response.content.decode()
    assert response.context["preview"]  # the preview, with the reason on it
    assert "already stored as" in " ".join(errors(response)["text"])
    assert f'href="/admin/articles/article/{stored.pk}/change/"' in page
    assert f'href="{stored.get_absolute_url()}"' in page


def test_trailing_spaces_and_line_endings_are_never_a_new_article(desk_client, stored, outlet):
    again = STORED_TEXT.replace("\n", "  \r\n") + "\r\n\r\n"
    response = preview(desk_client, text=again, **metadata(outlet))
    assert "already stored as" in " ".join(errors(response)["text"])
    with pytest.raises(Exception, match="already stored"):
        article_import(text=again, outlet=outlet, headline="Again")
    assert Article.objects.count() == 1


def test_the_text_a_correction_replaced_is_refused_as_an_earlier_version(
    desk_client, stored, outlet
):
    article_text_correct(
        article=stored,
        text=STORED_TEXT.replace("Tuesday", "Monday"),
        reason="Misdated",
        editor=None,
    )
    response = preview(desk_client, text=STORED_TEXT, **metadata(outlet))
    [message] = errors(response)["text"]
    assert "earlier version" in message and "undo the correction" in message


def test_no_headline_anywhere_is_an_error_on_the_headline_at_the_preview(desk_client, outlet):
    text = "just lower-case words that never look like a heading, and nothing else here.\n"
    response = preview(desk_client, text=text, **metadata(outlet, headline=""))
    assert response.context["preview"]
    assert "type it" in errors(response)["headline"][0]


def test_a_headline_from_the_first_heading_is_proposed_and_says_where_from(desk_client, outlet):
    response = preview(desk_client, text=STORED_TEXT, **metadata(outlet, headline=""))
    form = response.context["form"]
    assert form["headline"].value() == "Valley fighters vow to hold out"
    assert "Taken from the first heading-like line" in response.content.decode()
    assert not form.headline_needs_confirming  # nothing came before it
    saved = save_from(desk_client, response)
    assert saved.status_code == 302
    assert Article.objects.get().headline == "Valley fighters vow to hold out"


def test_a_headline_from_page_furniture_must_be_confirmed_before_saving(desk_client, outlet):
    page = (
        "<html><head><title>Valley fighters vow to hold out | Valley Herald</title></head>"
        f"<body><p>{BODY}</p></body></html>"
    ).encode()
    response = preview(desk_client, file=upload("page.html", page), **metadata(outlet, headline=""))
    assert response.context["form"].headline_needs_confirming
    assert "may be page furniture" in response.content.decode()
    refused = save_from(desk_client, response)
    assert refused.status_code == 200 and not Article.objects.exists()
    assert "tick to confirm it" in errors(refused)["headline_confirmed"][0]
    confirmed = save_from(desk_client, refused, headline_confirmed="on")
    assert confirmed.status_code == 302
    # The proposal is the title without the site's name (the page's metadata, confirmed).
    assert Article.objects.get().headline == "Valley fighters vow to hold out"


def test_a_typed_headline_needs_no_confirmation(desk_client, outlet):
    page = f"<html><head><title>Site | Home</title></head><body><p>{BODY}</p></body></html>"
    response = preview(
        desk_client, file=upload("page.html", page.encode()), **metadata(outlet, headline="")
    )
    saved = save_from(desk_client, response, headline="Fighters vow to hold the valley")
    assert saved.status_code == 302


def test_an_unknown_outlet_is_shown_on_the_outlet_at_the_preview(desk_client):
    response = preview(desk_client, text=STORED_TEXT, **metadata(None, outlet="99999"))
    assert response.context["preview"] and response.context["rows"]
    assert "Unknown outlet" in errors(response)["outlet"][0]


def syndicated(body: str) -> str:
    """The same report as another outlet prints it: straight quotes, other spacing and
    punctuation, its own headline and dateline, one sentence cut."""
    copy = body.replace("\u201c", '"').replace("\u201d", '"').replace(", ", " , ")
    copy = copy.replace(
        " Residents said shops in the main bazaar had been closed for three days in a row.", ""
    )
    return f"KABUL (Wire) -\n\nAfghan resistance says it holds Panjshir\n\n{copy}   \n"


def test_a_near_copy_is_flagged_with_a_link_and_recorded_as_a_copy(desk_client, stored):
    other = OutletFactory(name="Reposting Daily")
    response = preview(desk_client, text=syndicated(BODY), **metadata(other))
    page = response.content.decode()
    assert not errors(response)  # a copy may be stored: it is a warning, not an error
    assert "This looks like a copy of" in page
    assert f'href="{stored.get_absolute_url()}"' in page
    assert response.context["form"]["copy_of"].value() == str(stored.pk)
    saved = save_from(desk_client, response)
    assert saved.status_code == 302
    copy = Article.objects.exclude(pk=stored.pk).get()
    assert copy.copy_of == stored and list(stored.copies.all()) == [copy]


def test_the_desk_can_say_a_near_copy_is_a_separate_report(desk_client, stored):
    other = OutletFactory(name="Reposting Daily")
    response = preview(desk_client, text=syndicated(BODY), **metadata(other))
    saved = save_from(desk_client, response, copy_of="")
    assert saved.status_code == 302
    assert Article.objects.exclude(pk=stored.pk).get().copy_of is None


def test_a_copy_of_a_copy_is_recorded_against_the_first_report(desk_client, stored, outlet):
    second = article_import(text=syndicated(BODY), outlet=outlet, headline="Second", copy_of=stored)
    assert second.copy_of == stored
    third = article_import(
        text="Third\n\n" + BODY + "\nMore.\n", outlet=outlet, headline="T", copy_of=second
    )
    assert third.copy_of == stored


def test_an_unrelated_text_is_not_flagged(desk_client, stored, outlet):
    text = (
        "Markets steady as currency falls\n\n"
        "The afghani fell again against the dollar on Wednesday as money changers in the "
        "capital reported long queues. Banks limited withdrawals to a small weekly sum. "
        "Traders said imports of flour from neighbouring countries had slowed sharply.\n"
    )
    response = preview(desk_client, text=text, **metadata(outlet))
    assert not response.context["form"].near
    assert "looks like a copy" not in response.content.decode()
