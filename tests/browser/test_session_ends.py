"""The session ends mid-edit, in a real browser: the text stays, the page says why, and after
signing in again in another tab the same form saves (issue 16, must-show 6)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from desk.starter import starter_sources_load
from notes.models import Note
from tests.browser.test_annotating import SLUG, TRIGGER, make_editor, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = "Half an hour of careful reasoning about who holds the valley."


def sign_in_in_another_tab(context, live_server) -> None:
    other = context.new_page()
    sign_in(other, live_server, "amina", "/")
    other.close()


def test_inline_save_after_the_session_expired_saves_once_signed_in_again(live_server, page):
    starter_sources_load()
    make_editor("amina")
    sign_in(page, live_server, "amina", f"/articles/{SLUG}/")
    trigger = page.locator(f".sentence--body {TRIGGER}").first
    position = trigger.evaluate("e => e.closest('.sentence').dataset.sentence")
    trigger.click()
    form = page.locator(f"#note-form-{position}")
    form.locator("input[name=credibility][value='2']").check()
    form.locator("textarea[name=body]").fill(TYPED)

    Session.objects.all().delete()  # the session expired on the server
    form.locator("[data-note-save]").click()
    message = form.locator(".note-form__message")
    expect(message).to_contain_text("you are signed out")
    expect(message.get_by_role("link", name="Sign in again in a new tab")).to_be_visible()
    assert form.locator("textarea[name=body]").input_value() == TYPED
    assert not Note.objects.exists()

    # Signing in again rotates the CSRF token; the page asks for the new one before saving.
    sign_in_in_another_tab(page.context, live_server)
    form.locator("[data-note-save]").click()
    form.wait_for(state="detached")
    assert Note.objects.get().body == TYPED


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
def test_without_javascript_the_refused_form_keeps_the_text_and_saves_after_sign_in(
    live_server, chromium, settings, debug
):
    settings.DEBUG = debug  # under `make run` Django's CSRF debug page must not replace it
    starter_sources_load()
    make_editor("amina")
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    sentence = (
        Note._meta.get_field("sentence").related_model.objects.filter(
            article__slug=SLUG, kind="body"
        )
    ).first()
    note_path = f"/articles/{SLUG}/s/{sentence.position}/note/"
    sign_in(page, live_server, "amina", note_path)
    page.locator("input[name=credibility][value='3']").check()
    page.locator("textarea[name=body]").fill(TYPED)

    Session.objects.all().delete()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("you were signed out")
    assert page.locator("textarea[name=body]").input_value() == TYPED

    sign_in_in_another_tab(context, live_server)
    page.get_by_role("button", name="Save", exact=True).click()
    # The sign-in changed the token this page carried: the form comes back with a new one.
    expect(page.get_by_role("alert").first).to_contain_text("security token had expired")
    assert page.locator("textarea[name=body]").input_value() == TYPED
    assert not Note.objects.exists()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**/articles/{SLUG}/**")
    assert Note.objects.get().body == TYPED
    context.close()
