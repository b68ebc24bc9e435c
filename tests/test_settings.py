"""Settings fit the place they run: manage.py in a checkout is development, wsgi production."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 20 + "production-grade-secret-key-for-the-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "reading-room.example",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _wsgi(env: dict[str, str]) -> subprocess.CompletedProcess:
    return _run(["-c", "import newsroom.wsgi"], env)


PRINT_SETTINGS = "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"


def test_manage_py_in_a_checkout_runs_with_development_defaults():
    """The README's `python manage.py …` works with nothing set: debug, local hosts."""
    result = _run(["manage.py", "shell", "-c", PRINT_SETTINGS], {})
    assert result.returncode == 0, result.stderr
    assert "True ['127.0.0.1', 'localhost', '[::1]']" in result.stdout


def test_manage_py_given_a_production_environment_runs_as_production():
    result = _run(["manage.py", "shell", "-c", PRINT_SETTINGS], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "False ['reading-room.example']" in result.stdout


def test_wsgi_refuses_to_start_without_a_secret_key_or_hosts_naming_both():
    result = _wsgi({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are not set" in result.stderr


def test_wsgi_with_only_a_secret_key_refuses_naming_the_hosts():
    """Today's defect: it started with ALLOWED_HOSTS=[] and answered every request 400."""
    result = _wsgi({"DJANGO_SECRET_KEY": PRODUCTION["DJANGO_SECRET_KEY"]})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" not in result.stderr


def test_wsgi_with_only_hosts_refuses_naming_the_secret_key():
    result = _wsgi({"DJANGO_ALLOWED_HOSTS": "reading-room.example"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_wsgi_starts_with_both():
    result = _wsgi(PRODUCTION)
    assert result.returncode == 0, result.stderr
