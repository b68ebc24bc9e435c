"""A seed corrected by the desk stays corrected, and the next start still starts."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from notes.models import Note
from tests.conftest import REPO

pytestmark = pytest.mark.django_db

SLUG = "taliban-say-resistance-besieged-seek-talks"
QUOTED = "Bandejoy area of Dara district"  # quoted by a starter note


def load() -> str:
    out = StringIO()
    call_command("load_starter_content", stdout=out)
    return out.getvalue()


def test_a_seed_corrected_through_the_admin_is_kept_on_the_next_start(desk_client):
    load()
    article = Article.objects.get(slug=SLUG)
    assert QUOTED in article.text
    corrected = article.text.replace("Bandejoy", "Bandejoi")
    response = desk_client.post(
        f"/admin/articles/article/{article.pk}/correct/",
        {"text": corrected, "reason": "The agency's caption spells the village Bandejoi."},
    )
    assert response.status_code == 302
    notes_before = Note.objects.count()

    report = load()  # what the next `make run` does

    article.refresh_from_db()
    assert article.text == corrected and article.revision == 2
    assert f"skipped  {SLUG} (already stored)" in report
    assert Note.objects.count() == notes_before  # nothing loaded twice, nothing lost
    assert Article.objects.filter(slug__startswith=SLUG).count() == 1


def test_a_different_text_under_a_seeds_slug_is_still_refused():
    load()
    article = Article.objects.get(slug=SLUG)
    # Not a correction (no revision holds the seed): a different article took the slug.
    Article.objects.filter(pk=article.pk).update(
        text="Another text.\n", sha256="0" * 64, text_key="0"
    )
    with pytest.raises(Exception, match="already taken"):
        load()


@pytest.mark.django_db(transaction=False)
def test_make_runs_start_succeeds_after_a_correction_in_a_real_process(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "DJANGO_DEBUG": "1",
    }

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
        )

    assert manage("migrate", "--no-input").returncode == 0
    assert manage("load_starter_content").returncode == 0
    correct = (
        "from articles.models import Article; from articles.services import article_text_correct;"
        f"a = Article.objects.get(slug={SLUG!r});"
        "article_text_correct(article=a, text=a.text.replace('Bandejoy', 'Bandejoi'),"
        " reason='Spelling', editor=None)"
    )
    assert manage("shell", "-c", correct).returncode == 0
    again = manage("load_starter_content")
    assert again.returncode == 0, again.stderr
    assert "refused" not in again.stdout + again.stderr
