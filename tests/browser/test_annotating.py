"""Editors annotate in a real browser, keyboard only; readers then see the note; two editors
collide on one note and nothing is lost."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from desk.starter import starter_sources_load
from notes.models import Note, Status
from tests.factories import UserFactory, make_note

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "taliban-besieged-panjshir-southfront-repost"
PASSWORD = "a-long-test-password"
TRIGGER = ".sentence__text[data-note-url]"


def make_editor(username: str):
    user = UserFactory(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))  # restored after every flush
    return user


def sign_in(page, live_server, username: str, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_path}")


def focused(page, selector: str) -> bool:
    return page.evaluate(
        "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def focused_position(page) -> int:
    return int(page.evaluate("document.activeElement.closest('.sentence').dataset.sentence"))


def tab_until(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_editor_annotates_with_the_keyboard_and_a_reader_sees_the_note(
    live_server, chromium, page, screenshot
):
    starter_sources_load()
    make_editor("amina")
    article_path = f"/articles/{SLUG}/"
    sign_in(page, live_server, "amina", article_path)

    # Tab to the first body sentence, then J to the next one: one key per sentence.
    tab_until(page, f".sentence--body {TRIGGER}")
    first = focused_position(page)
    page.keyboard.press("j")
    position = focused_position(page)
    assert position > first
    page.keyboard.press("k")
    assert focused_position(page) == first
    page.keyboard.press("j")

    # Enter opens the form beneath the sentence, focus inside it.
    page.keyboard.press("Enter")
    form = page.locator(f"#note-form-{position}")
    expect(form.locator("input[name=credibility]").first).to_be_focused()
    assert page.locator(f"#s{position} {TRIGGER}").get_attribute("aria-expanded") == "true"

    # Credibility 4 with the arrow keys, then the claimant by typing, then the note.
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert form.locator("input[name=credibility]:checked").get_attribute("value") == "4"
    page.keyboard.press("Tab")
    assert focused(page, "select[name=claimant]")
    page.keyboard.type("Zabihullah")
    page.keyboard.press("Tab")
    assert focused(page, "input[name=new_claimant]")
    page.keyboard.press("Tab")
    assert focused(page, "textarea[name=body]")
    page.keyboard.type("Only the Taliban's word; *no other source* has it.")

    # Evidence: search as you type, tick a result, mark it as contradicting.
    page.keyboard.press("Tab")
    assert focused(page, "input[name=q]")
    page.keyboard.type("30,000")
    result = form.locator(".evidence-picker__results input[name=evidence]").first
    result.wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the no-JS Search button
    assert focused(page, ".evidence-picker__results input[name=evidence]")
    page.keyboard.press("Space")
    assert form.locator(".evidence-picker__chosen input[name=evidence]:checked").count() == 1
    page.keyboard.press("Tab")
    assert focused(page, ".evidence-picker__chosen select")
    page.keyboard.press("ArrowDown")
    assert form.locator(".evidence-picker__chosen select").input_value() == "contradicts"

    # Publish, then Save with Enter.
    tab_until(page, "input[name=status]", limit=10)
    page.keyboard.press("ArrowDown")
    assert form.locator("input[name=status]:checked").get_attribute("value") == "published"
    tab_until(page, "[data-note-save]", limit=5)
    screenshot(page, "form")
    page.keyboard.press("Enter")

    # The sentence comes back with its badge, without a reload; focus returns to it.
    badge = page.locator(f"#s{position} .grade__code")
    badge.wait_for()
    page.locator(f"#note-form-{position}").wait_for(state="detached")
    expect(page.locator(f"#s{position} {TRIGGER}")).to_be_focused()
    note = Note.objects.get(sentence__article__slug=SLUG, sentence__position=position)
    assert (note.status, note.credibility, note.body) == (
        Status.PUBLISHED,
        4,
        "Only the Taliban's word; *no other source* has it.",
    )
    assert note.claimant.name.startswith("Zabihullah Mujahid")
    assert [e.relation for e in note.evidence.all()] == ["contradicts"]
    assert badge.inner_text() == note.grade
    screenshot(page, "editor")

    # An anonymous reader sees the badge and opens the note with the keyboard.
    reader = chromium.new_context(viewport={"width": 1280, "height": 900})
    reader_page = reader.new_page()
    reader_page.goto(live_server.url + article_path)
    summary = reader_page.locator(f"#s{position} details.note-disclosure > summary")
    assert note.grade in summary.inner_text()
    assert reader_page.locator(TRIGGER).count() == 0
    summary.focus()
    reader_page.keyboard.press("Enter")
    panel = reader_page.locator(f"#s{position} .note-disclosure__panel")
    panel.wait_for()
    assert "no other source" in panel.inner_text()
    assert "Zabihullah Mujahid" in panel.inner_text()
    screenshot(reader_page, "reader")
    reader.close()


def test_escape_closes_an_untouched_form_and_returns_focus(live_server, page):
    starter_sources_load()
    make_editor("amina")
    sign_in(page, live_server, "amina", f"/articles/{SLUG}/")
    tab_until(page, f".sentence--body {TRIGGER}")
    position = focused_position(page)
    page.keyboard.press("Enter")
    expect(page.locator(f"#note-form-{position} input[name=credibility]").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(f"#note-form-{position}")).to_have_count(0)
    expect(page.locator(f"#s{position} {TRIGGER}")).to_be_focused()


def test_escape_on_a_changed_form_asks_before_dropping_the_text(live_server, page):
    starter_sources_load()
    make_editor("amina")
    sign_in(page, live_server, "amina", f"/articles/{SLUG}/")
    tab_until(page, f".sentence--body {TRIGGER}")
    position = focused_position(page)
    page.keyboard.press("Enter")
    form = page.locator(f"#note-form-{position}")
    form.locator("textarea[name=body]").focus()
    page.keyboard.type("Work in progress.")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.keyboard.press("Escape")
    assert asked and "without saving" in asked[0]
    assert form.locator("textarea[name=body]").input_value() == "Work in progress."


def test_a_save_after_the_session_ended_keeps_the_text_and_says_why(live_server, page):
    starter_sources_load()
    make_editor("amina")
    sign_in(page, live_server, "amina", f"/articles/{SLUG}/")
    tab_until(page, f".sentence--body {TRIGGER}")
    position = focused_position(page)
    page.keyboard.press("Enter")
    form = page.locator(f"#note-form-{position}")
    form.locator("input[name=credibility][value='2']").check()
    form.locator("textarea[name=body]").fill("Half an hour of careful reasoning.")
    page.context.clear_cookies()  # signed out elsewhere, or the session expired
    form.locator("[data-note-save]").click()
    expect(form.locator(".note-form__message")).to_contain_text("Your text is still here")
    assert form.locator("textarea[name=body]").input_value() == "Half an hour of careful reasoning."
    assert not Note.objects.exists()


def test_save_then_next_opens_the_next_sentence_ready_to_grade(live_server, page):
    starter_sources_load()
    make_editor("amina")
    sign_in(page, live_server, "amina", f"/articles/{SLUG}/")
    tab_until(page, f".sentence--body {TRIGGER}")
    position = focused_position(page)
    page.keyboard.press("Enter")
    form = page.locator(f"#note-form-{position}")
    form.locator("input[name=credibility][value='6']").check()
    form.get_by_role("button", name="Save, then next sentence").click()
    form.wait_for(state="detached")
    positions = page.locator(TRIGGER).evaluate_all(
        "(all) => all.map(e => +e.closest('.sentence').dataset.sentence)"
    )
    following = positions[positions.index(position) + 1]
    expect(page.locator(f"#note-form-{following} input[name=credibility]").first).to_be_focused()
    assert page.locator(f"#s{position} .grade__code").inner_text().endswith("6")


def test_two_editors_on_one_note_the_second_sees_both_versions(live_server, chromium, screenshot):
    starter_sources_load()
    make_editor("amina")
    make_editor("bashir")
    sentence_note = make_note(
        Note._meta.get_field("sentence")
        .related_model.objects.filter(article__slug=SLUG, kind="body")
        .first(),
        body="The starting note.",
    )
    position = sentence_note.sentence.position
    article_path = f"/articles/{SLUG}/"
    contexts, pages = [], []
    for username in ("amina", "bashir"):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, live_server, username, article_path)
        page.locator(f"#s{position} {TRIGGER}").click()
        page.locator(f"#note-form-{position}").wait_for()
        contexts.append(context)
        pages.append(page)
    amina, bashir = pages

    amina.locator(f"#note-form-{position} textarea[name=body]").fill("Amina revised it.")
    amina.locator(f"#note-form-{position} [data-note-save]").click()
    amina.locator(f"#s{position} .grade__code").wait_for()
    amina.locator(f"#note-form-{position}").wait_for(state="detached")

    bashir.locator(f"#note-form-{position} textarea[name=body]").fill("Bashir revised it too.")
    bashir.locator(f"#note-form-{position} [data-note-save]").click()
    conflict = bashir.locator(f"#note-form-{position} .conflict")
    conflict.wait_for()
    assert "Your version (not saved)" in conflict.inner_text()
    assert "Bashir revised it too." in conflict.inner_text()
    assert "Amina revised it." in conflict.inner_text()
    textarea = bashir.locator(f"#note-form-{position} textarea[name=body]")
    assert textarea.input_value() == "Bashir revised it too."
    expect(conflict).to_be_focused()
    # The "Saving…" indicator fades once the request is over.
    expect(bashir.locator(f"#note-form-{position} .htmx-indicator")).to_have_css("opacity", "0")
    screenshot(bashir, "conflict")
    assert Note.objects.get(pk=sentence_note.pk).body == "Amina revised it."

    # Having compared, Bashir saves again on purpose: his version becomes current.
    bashir.locator(f"#note-form-{position} [data-note-save]").click()
    bashir.locator(f"#note-form-{position}").wait_for(state="detached")
    note = Note.objects.get(pk=sentence_note.pk)
    assert (note.version, note.body) == (3, "Bashir revised it too.")
    for context in contexts:
        context.close()


def test_badges_sit_inline_so_the_text_reads_on(live_server, page):
    """A closed note is one badge in the line; the next sentence continues beside it."""
    from desk.starter import starter_content_load

    starter_content_load()
    page.goto(live_server.url + "/articles/panjshir-resistance-leader-ready-for-talks/")
    same_line = page.locator("details.note-disclosure").evaluate_all(
        """(all) => all.map((details) => {
            const next = details.closest('.sentence').nextElementSibling;
            if (!next || !next.matches('.sentence')) return null;
            const badge = details.querySelector('summary').getBoundingClientRect();
            const text = next.querySelector('.sentence__text').getClientRects()[0];
            return Math.abs(text.top - badge.top) < badge.height;
        }).filter((result) => result !== null)"""
    )
    assert len(same_line) >= 5
    assert sum(same_line) >= len(same_line) / 2, same_line
