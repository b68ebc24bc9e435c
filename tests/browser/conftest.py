"""Playwright in Debian's Chromium against Django's live server.

A missing browser skips these tests on a developer's machine and fails them under CI.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
OUTPUT_DIR = REPO / "test-results"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself are still ordinary synchronous calls, so Django's async guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a screenshot under test-results/ named after the test."""
    OUTPUT_DIR.mkdir(exist_ok=True)

    def take(page, label: str = "") -> Path:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name + (f"-{label}" if label else ""))
        path = OUTPUT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _public_origin_is_the_live_server(request, settings):
    """Pages name the live server's address, and its port is the one the site accepts."""
    if "live_server" in request.fixturenames:
        settings.PUBLIC_ORIGIN = request.getfixturevalue("live_server").url
