"""Security from the first commit: headers, CSP, and a clean deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from articles.models import Article
from tests.conftest import REPO

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "production-grade-secret-key-for-the-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "reading-room.example",
    "DJANGO_PUBLIC_ORIGIN": "https://reading-room.example",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_a_public_origin():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_PUBLIC_ORIGIN"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_PUBLIC_ORIGIN is not set" in result.stderr


def test_strict_content_security_policy_on_public_pages(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"


def test_security_headers_are_sent(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style(client, seeded):
    article = Article.objects.first()
    for url in ["/", article.get_absolute_url(), article.get_source_url(), "/timeline/"]:
        html = client.get(url).content.decode()
        assert "<style" not in html
        assert " style=" not in html
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, (url, tag)


def test_htmx_is_served_from_our_static_files_with_eval_off(client):
    html = client.get("/").content.decode()
    assert '"allowEval": false' in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_collectstatic_writes_hashed_compressed_files_for_whitenoise(tmp_path):
    result = _manage(
        "collectstatic", "--no-input", env={**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/reading-room.css" in manifest
    assert list(tmp_path.glob("css/reading-room.*.css.gz")), "no compressed, hashed stylesheet"
    assert list(tmp_path.glob("django_htmx/htmx-2.min.*.js")), "htmx is not collected"
