"""Take docs/desk-preview.png, the README's picture of the desk's preview step.

Run from the project folder: `.venv/bin/python docs/preview_screenshot.py`. It builds a
throw-away database with the starter content and a desk account, serves it on a free port,
pastes a re-post of a seed article into "Load an article" in Debian's Chromium, and
photographs the preview (a proposed headline, a near-copy flagged, every sentence's kind).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "fixtures" / "seeds" / "001_e016e96c27e91a7e.txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="rr-shot-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'shot.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
    }

    def manage(*args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True)

    manage("migrate", "--no-input", "-v", "0")
    manage("load_starter_content")
    make_desk = (
        "from django.contrib.auth.models import Group, User;"
        "u = User.objects.create_user('desk', password='preview-only', is_staff=True);"
        "u.groups.add(Group.objects.get(name='Desk'))"
    )
    manage("shell", "-c", make_desk)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
        repost = "Resistance chief open to talks, on conditions\n\n" + "\n\n".join(paragraphs[3:8])
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/admin/login/?next=/admin/articles/article/add/")
            page.fill("#id_username", "desk")
            page.fill("#id_password", "preview-only")
            page.click("input[type=submit]")
            page.fill("#id_text", repost)
            page.select_option("#id_outlet", label="The Eastern Herald")
            page.fill("#id_published", "2021-09-02")
            page.click("input[name=_preview]")
            page.wait_for_selector("#preview-heading")
            page.screenshot(path=str(REPO / "docs" / "desk-preview.png"), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
