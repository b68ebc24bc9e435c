"""Roles that work out of the box: make run's account, desk accounts, and 403s that name
the role that is missing."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.conftest import REPO
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/article/add/"


def createeditor(*args: str) -> str:
    out = StringIO()
    call_command("createeditor", *args, stdout=out)
    return out.getvalue()


def signed_in(client, output: str, username: str):
    password = re.search(r"password: (\S+)", output).group(1)
    signed_in = client.post("/accounts/login/", {"username": username, "password": password})
    assert signed_in.status_code == 302, "the printed password signs in"
    return client


def test_make_run_creates_its_account_with_the_roles_the_readme_promises():
    makefile = (REPO / "Makefile").read_text()
    assert "createeditor editor --editor --desk --if-missing" in makefile
    readme = (REPO / "README.md").read_text()
    assert "in both roles" in readme and "createeditor NAME --desk" in readme


def test_the_make_run_account_can_load_articles_and_write_notes(client):
    output = createeditor("editor", "--editor", "--desk", "--if-missing")
    signed_in(client, output, "editor")
    article = make_article(3)
    assert client.get(ADD).status_code == 200
    assert client.get(article.sentences.get(position=2).get_note_url()).status_code == 200


def test_an_older_make_run_account_is_given_the_desk_role_on_the_next_start():
    createeditor("editor")
    createeditor("editor", "--editor", "--desk", "--if-missing")
    groups = set(
        get_user_model().objects.get(username="editor").groups.values_list("name", flat=True)
    )
    assert groups == {"Editors", "Desk"}


def test_createeditor_desk_makes_a_desk_account_that_can_load_but_not_annotate(client):
    output = createeditor("night-desk", "--desk")
    assert "Desk role" in output
    signed_in(client, output, "night-desk")
    article = make_article(3)
    assert client.get(ADD).status_code == 200
    refused = client.get(article.sentences.get(position=2).get_note_url())
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "needs the Editors role" in page
    assert "Your account “night-desk” has the Desk role." in page


def test_an_editor_opening_the_desk_is_told_it_needs_the_desk_role(editor_client):
    response = editor_client.get(ADD)
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page needs the Desk role (which loads articles" in page
    assert "has the Editors role" in page
    assert "Only editors can change notes and events" not in page


def test_a_403_for_a_model_no_role_changes_names_no_role_wrongly(desk_client):
    response = desk_client.get("/admin/auth/user/")
    assert response.status_code == 403
    assert "Your account does not have the role this page needs." in response.content.decode()
