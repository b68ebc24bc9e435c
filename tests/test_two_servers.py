"""Two gunicorn servers, each with its own page cache, on one PostgreSQL database.

A change made through one server is on the other's very next anonymous response, because
every cache hit reads the page's stamps from the shared database; editors' sessions live in
the database, so an editor may land on either server; fifty two-editor races spread over the
two servers lose no save and raise no 500. Real processes, real HTTP, the test database the
suite already made (the servers are pointed at it by name, and the test commits its data).
"""

from __future__ import annotations

import http.cookiejar
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection

from bench.__main__ import manage, production_env
from bench.server import Gunicorn
from notes.models import Note, NoteRevision, Status
from tests.factories import OutletFactory, UserFactory, make_article, make_note
from timeline.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
RACES = 50


@pytest.fixture(scope="module")
def postgres_url(django_db_setup) -> str:
    """The suite's own test database, as a URL the servers can use."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "two app servers share one PostgreSQL database; run `make test-postgres` "
            "(SQLite is one machine's file)"
        )
    settings = connection.settings_dict
    user = urllib.parse.quote(settings["USER"] or "")
    password = f":{urllib.parse.quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"


@pytest.fixture(scope="module")
def server_env(postgres_url, tmp_path_factory) -> dict[str, str]:
    """Production settings on the test database, with the static files collected once."""
    static_root = tmp_path_factory.mktemp("two-servers") / "static"
    env = production_env(
        database=postgres_url, static_root=static_root, secret=secrets.token_urlsafe(50)
    )
    manage(env, "collectstatic", "--no-input", "-v0")
    return env


@pytest.fixture
def servers(server_env, tmp_path, transactional_db):
    """Two servers (one sync worker each: their own process, their own page cache).

    Started per test: the flush between tests re-creates content types under new ids,
    which a server that outlived it would still hold in its cache.
    """
    with (
        Gunicorn(env=server_env, workers=1, log_path=tmp_path / "a.log") as a,
        Gunicorn(env=server_env, workers=1, log_path=tmp_path / "b.log") as b,
    ):
        yield a.base_url, b.base_url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


class Browser:
    """One person's cookies, used against either server (cookies are not per port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), error.headers.get("Location", ""))

    def get(self, url: str) -> Answer:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict[str, str]) -> Answer:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        if not token:
            self.get(url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/accounts/login/")
            token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        return self._open(urllib.request.Request(url, data=body.encode(), method="POST"))

    def sign_in(self, server: str, username: str) -> None:
        self.get(f"{server}/accounts/login/")
        answer = self.post(
            f"{server}/accounts/login/", {"username": username, "password": PASSWORD}
        )
        assert answer.status == 302, answer.body[:500]


def reader(url: str) -> str:
    """An anonymous reader's fresh request (no cookies, no conditional headers)."""
    return Browser().get(url).body


def staff(username: str, group: str | None = None, **flags):
    # Hashed as production hashes (the suite's settings use a fast hasher the servers lack);
    # few iterations, since only the test signs in with it.
    password = PBKDF2PasswordHasher().encode(PASSWORD, "two-servers-salt", iterations=1000)
    user = UserFactory(username=username, is_staff=True, **flags)
    type(user).objects.filter(pk=user.pk).update(password=password)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def note_form(body: str, base_version: int, status: str = Status.PUBLISHED) -> dict[str, str]:
    return {
        "credibility": "3",
        "claimant": "",
        "new_claimant": "",
        "body": body,
        "status": status,
        "base_version": str(base_version),
    }


def test_a_change_through_one_server_is_on_the_others_next_response(servers):
    a, b = servers
    outlet = OutletFactory(name="Panjshir Observer", reliability="C")
    article = make_article(4, headline="Fighting at the valley mouth", outlet=outlet)
    event = Event.objects.create(
        title="Talks in Kabul", slug="talks-in-kabul", date="2021-08-25", status=Status.PUBLISHED
    )
    staff("amina", "Editors")
    staff("chief", is_superuser=True)
    page, timeline = f"{b}{article.get_absolute_url()}", f"{b}/timeline/"
    for url in (page, page, timeline, timeline):  # B has both pages in its own cache now
        reader(url)

    editor = Browser()
    editor.sign_in(a, "amina")
    saved = editor.post(
        f"{a}/articles/{article.slug}/s/2/note/", note_form("Only the NRF says so.", 0)
    )
    assert saved.status == 302, saved.body[:500]
    assert "Only the NRF says so." in reader(page)

    chief = Browser()
    chief.sign_in(a, "chief")
    corrected = article.text.replace("Sentence number 3 reports", "Sentence number three reports")
    answer = chief.post(
        f"{a}/admin/articles/article/{article.pk}/correct/",
        {"text": corrected, "reason": "Misprint"},
    )
    assert answer.status == 302, answer.body[:500]
    assert "Sentence number three reports" in reader(page)

    answer = chief.post(
        f"{a}/admin/timeline/event/{event.pk}/change/",
        {
            "title": "Talks in Kabul break down",
            "slug": event.slug,
            "date": "2021-08-25",
            "end_date": "",
            "date_precision": "day",
            "place": "Kabul",
            "summary": "",
            "status": Status.PUBLISHED,
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
        },
    )
    assert answer.status == 302, answer.body[:2000]
    assert "Talks in Kabul break down" in reader(timeline)

    before = reader(page)
    answer = chief.post(
        f"{a}/admin/articles/outlet/{outlet.pk}/change/",
        {"name": outlet.name, "slug": outlet.slug, "reliability": "E", "description": ""},
    )
    assert answer.status == 302, answer.body[:500]
    after = reader(page)
    assert before != after and "E3" in after and "C3" in before  # the note's grade, letter first


def test_fifty_two_editor_races_across_two_servers_lose_no_saved_update(servers):
    a, b = servers
    article = make_article(RACES, headline="A long dispatch")
    sentences = list(article.sentences.filter(kind="body").order_by("position")[:RACES])
    assert len(sentences) == RACES
    for sentence in sentences[RACES // 2 :]:  # half the races on notes that already exist
        make_note(sentence, body="The first version.")
    staff("amina", "Editors")
    staff("farid", "Editors")
    amina, farid = Browser(), Browser()
    amina.sign_in(a, "amina")  # signed in on A ...
    farid.sign_in(b, "farid")  # ... and on B: each will also write through the other
    assert Session.objects.count() == 2  # the sessions are rows both servers read

    def race(number: int) -> list[tuple[str, Answer]]:
        sentence = sentences[number]
        base = 1 if number >= RACES // 2 else 0
        start = threading.Barrier(2)
        url = f"/articles/{article.slug}/s/{sentence.position}/note/"
        plan = [(amina, (a, b)[number % 2]), (farid, (b, a)[number % 2])]

        def save(who: Browser, server: str) -> tuple[str, Answer]:
            body = f"Race {number}, {'amina' if who is amina else 'farid'} via {server[-5:]}."
            start.wait()
            return body, who.post(server + url, note_form(body, base))

        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(lambda p: save(*p), plan))

    with ThreadPoolExecutor(4) as pool:  # two races at a time, four saves in flight
        results = list(pool.map(race, range(RACES)))

    for number, saves in enumerate(results):
        statuses = sorted(answer.status for _, answer in saves)
        assert statuses == [302, 409], (number, [(s.status, s.body[:300]) for _, s in saves])
        note = Note.objects.get(sentence=sentences[number])
        kept = set(NoteRevision.objects.filter(note=note).values_list("body", flat=True))
        for body, answer in saves:
            if answer.status == 302:
                assert note.body == body and body in kept
            else:  # refused, and the editor's text is still in the form in front of them
                assert body not in kept and body in answer.body
        assert note.version == (2 if number >= RACES // 2 else 1)
