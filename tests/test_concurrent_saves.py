"""Three editors saving at once against a real gunicorn on SQLite get saves and 409s, never a
500 "database is locked" (issue 16, defect 3): transactions take the write lock up front
(``transaction_mode: IMMEDIATE``), WAL lets readers on, and the busy timeout waits."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from bench.server import Gunicorn
from tests.conftest import REPO

EDITORS = ("amina", "bashir", "chaker")
PASSWORD = "a-long-test-password"
SAVES_EACH = 6  # bounded: 3 editors × 6 saves on one note, plus 3 same-version races

SETUP = f"""
from django.contrib.auth.models import Group
from tests.factories import UserFactory, make_article
article = make_article(4, slug="valley")
for name in {EDITORS!r}:
    user = UserFactory(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
"""


class Editor:
    """One editor's browser, reduced to cookies and a CSRF token, over plain HTTP."""

    def __init__(self, base_url: str, username: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.username = username
        self.cookies: dict[str, str] = {}
        login = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login[1]).group(1)
        status, _ = self.request(
            "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username,
                                          "password": PASSWORD, "next": "/"},
        )  # fmt: skip
        assert status == 302 and "sessionid" in self.cookies, f"{username} could not sign in"

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Origin"] = f"http://{self.host}:{self.port}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()
        finally:
            connection.close()

    def base_version(self, path: str) -> str:
        status, html = self.request("GET", path)
        assert status == 200, html[:500]
        return re.search(r'name="base_version" value="(\d+)"', html).group(1)

    def save(self, path: str, base_version: str, body: str) -> int:
        data = {"credibility": "3", "claimant": "", "new_claimant": "", "body": body,
                "status": "published", "base_version": base_version}  # fmt: skip
        return self.request("POST", path, data)[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrent")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        # The test settings are production's, with plain HTTP and a fast password hasher.
        DJANGO_SETTINGS_MODULE="newsroom.test_settings",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_BENCH="1",  # the hello view gunicorn's helper waits for
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        PYTHONPATH=str(REPO),
    )
    for command in (["migrate", "--no-input", "-v0"], ["shell", "-c", SETUP]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    with Gunicorn(env=env, workers=3, log_path=folder / "gunicorn.log") as gunicorn:
        yield gunicorn


def run_together(jobs) -> list:
    """Run each job in its own thread, released at the same moment; their results."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index: int, job) -> None:
        barrier.wait()
        results[index] = job()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_three_editors_saving_at_once_get_saves_and_409s_never_a_500(server):
    editors = [Editor(server.base_url, name) for name in EDITORS]
    path = "/articles/valley/s/2/note/"

    def keep_saving(editor: Editor):
        def job() -> list[int]:
            statuses = []
            for n in range(SAVES_EACH):
                version = editor.base_version(path)
                statuses.append(editor.save(path, version, f"Save {n} by {editor.username}"))
            return statuses

        return job

    statuses = Counter(s for run in run_together([keep_saving(e) for e in editors]) for s in run)
    assert set(statuses) <= {302, 409}, statuses
    assert statuses[302] >= 1


def test_saves_from_one_version_at_once_let_exactly_one_through(server):
    editors = [Editor(server.base_url, name) for name in EDITORS]
    path = "/articles/valley/s/3/note/"
    version = editors[0].base_version(path)
    statuses = run_together(
        [lambda e=e: e.save(path, version, f"Racing {e.username}") for e in editors]
    )
    assert sorted(statuses) == [302, 409, 409]
