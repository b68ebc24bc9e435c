"""`manage.py createeditor`: what `make run` uses to give the newsroom its first editor."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("createeditor", *args, stdout=out)
    return out.getvalue()


def _password(output: str) -> str:
    return re.search(r"password: (\S+)", output).group(1)


def test_it_creates_a_staff_editor_and_prints_a_working_password_once():
    output = _run("desk-editor", "--site", "http://127.0.0.1:8011")
    user = get_user_model().objects.get(username="desk-editor")
    assert user.is_staff and user.groups.filter(name="Editors").exists()
    assert user.check_password(_password(output))
    assert "sign in at http://127.0.0.1:8011/accounts/login/" in output
    again = _run("desk-editor", "--if-missing", "--site", "http://127.0.0.1:8011")
    assert "password:" not in again
    assert "http://127.0.0.1:8011/accounts/login/" in again and "--reset" in again


def test_reset_gives_a_new_password_and_a_second_create_is_refused():
    first = _password(_run("desk-editor"))
    with pytest.raises(CommandError, match="already exists"):
        _run("desk-editor")
    second = _password(_run("desk-editor", "--reset"))
    user = get_user_model().objects.get(username="desk-editor")
    assert second != first and user.check_password(second) and not user.check_password(first)
