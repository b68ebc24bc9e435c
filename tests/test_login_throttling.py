"""Sign-in throttling (django-axes) through the real sign-in views: a stolen password list
gets a handful of guesses, then a cool-off in which even the right password is refused."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory
LOGINS = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def amina(db):
    return UserFactory(username="amina", is_staff=True)


def sign_in(client: Client, url: str, password: str, username: str = "amina", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_until_locked(client: Client, url: str, username: str = "amina", **extra) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, url, f"wrong-{attempt}", username, **extra)
        assert response.status_code in (200, 429)


@pytest.mark.parametrize("url", LOGINS)
def test_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, amina, url):
    fail_until_locked(client, url)
    refused = sign_in(client, url, PASSWORD)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Sign-in paused" in html and "even with the right password" in html
    assert "15 minutes" in html
    assert not signed_in(client)


def test_a_locked_account_is_locked_from_every_address(amina):
    fail_until_locked(Client(REMOTE_ADDR="10.0.0.1"), "/accounts/login/")
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(elsewhere, "/accounts/login/", PASSWORD).status_code == 429
    assert not signed_in(elsewhere)


def test_one_address_guessing_many_accounts_is_locked(amina):
    guesser = Client(REMOTE_ADDR="10.0.0.9")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(guesser, "/accounts/login/", "wrong", username=f"guess{attempt}")
    assert sign_in(guesser, "/accounts/login/", PASSWORD).status_code == 429
    # Amina, from her own address, is not held up by someone else's guessing.
    hers = Client(REMOTE_ADDR="10.0.0.3")
    assert sign_in(hers, "/accounts/login/", PASSWORD).status_code == 302
    assert signed_in(hers)


def test_the_lock_spans_both_sign_in_pages(client, amina):
    fail_until_locked(client, "/accounts/login/")
    assert sign_in(Client(), "/admin/login/", PASSWORD).status_code == 429


def test_a_few_mistakes_do_not_lock(client, amina):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "/accounts/login/", f"typo-{attempt}").status_code == 200
    assert sign_in(client, "/accounts/login/", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("command", [("axes_reset",), ("axes_reset_username", "amina")])
def test_the_unlock_command_lets_the_right_password_in_again(client, amina, command):
    fail_until_locked(client, "/accounts/login/")
    call_command(*command, verbosity=0)
    assert sign_in(client, "/accounts/login/", PASSWORD).status_code == 302
    assert signed_in(client)
