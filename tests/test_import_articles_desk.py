"""`import_articles` for a working desk: dry runs, JSON, every problem at once, outlets made
from the command, both sidecar names, month dates, bylines, and the admin form's own rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, DatePrecision, Outlet, Sentence
from desk.admin.intake_form import ArticleIntakeForm
from tests.conftest import REPO
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Resistance says valley holds\n\n"
    "By Jane Roe\n\n"
    "The resistance said on Tuesday that the valley would hold. "
    "Taliban spokesman Zabihullah Mujahid said talks were possible.\n"
)


@pytest.fixture(autouse=True)
def _outlets(media_root):
    OutletFactory(name="Valley Herald", slug="valley-herald")


def write(path: Path, text: str = TEXT, sidecar: dict | None = None, *, name: str = "") -> Path:
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        target = path.with_name(name or path.name + ".json")
        target.write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str, bool]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), False
    return out.getvalue(), err.getvalue(), True


def test_json_prints_the_sentences_exactly_as_they_are_stored(tmp_path):
    path = write(
        tmp_path / "story.txt",
        sidecar={"outlet": "Valley Herald", "published": "2021-08-24", "byline": "Jane Roe"},
    )
    out, err, ok = run("--json", str(path))
    assert ok, err
    [report] = json.loads(out)
    article = Article.objects.get()
    assert report["file"] == str(path) and report["status"] == "stored"
    assert report["headline"] == "Resistance says valley holds"
    assert report["outlet"] == "Valley Herald" and report["byline"] == "Jane Roe"
    assert (report["published"], report["published_precision"]) == ("2021-08-24", "day")
    assert report["problems"] == []
    stored = list(
        Sentence.objects.for_article(article).values("position", "start", "end", "kind", "text")
    )
    assert report["sentences"] == stored
    for sentence in report["sentences"]:
        assert article.text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_dry_run_reports_the_same_and_stores_nothing(tmp_path):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Valley Herald"})
    out, _err, ok = run("--dry-run", str(path))
    assert ok and out.startswith(f"would store {path} as resistance-says-valley-holds")
    dry, _err, _ok = run("--dry-run", "--json", str(path))
    [report] = json.loads(dry)
    assert report["status"] == "would store" and report["sentences"]
    assert not Article.objects.exists()


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    path = write(
        tmp_path / "story.txt",
        sidecar={
            "outlet": "Daily Nowhere",
            "url": "javascript:alert(1)",
            "slug": "../../etc/passwd",
            "headline": "H" * 501,
            "published": "24/08/2021",
            "wire": "W" * 101,
        },
    )
    out, err, ok = run("--json", str(path))
    assert not ok and "1 of 1 file(s) refused" in err
    [report] = json.loads(out)
    fields = sorted(problem["field"] for problem in report["problems"])
    assert fields == ["headline", "outlet", "published", "slug", "url", "wire"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("url", "javascript:alert(document.domain)"),
        ("slug", "../../etc/passwd"),
        ("headline", "x" * 501),
        ("outlet_as_printed", "x" * 201),
        ("summary", "x" * 501),
        ("language", 'en" onmouseover="x'),
    ],
)
def test_the_sidecar_is_refused_with_the_admin_forms_own_message(tmp_path, key, value):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Valley Herald", key: value})
    out, _err, ok = run(str(path))
    assert not ok and not Article.objects.exists()
    form = ArticleIntakeForm(data={key: value, "text": TEXT, "outlet": Outlet.objects.get().pk})
    assert not form.is_valid()
    [message] = form.errors[key]
    assert f"{key}: {message}" in out


def test_an_outlet_is_created_from_the_command_with_its_grade_and_reason(tmp_path):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Panjshir Observer"})
    reason = "A local outlet with a record of accurate casualty reports."
    out, _err, ok = run(
        "--create-outlet", "Panjshir Observer", "--reliability", "B",
        "--reliability-reason", reason, str(path),
    )  # fmt: skip
    assert ok, out
    outlet = Outlet.objects.get(name="Panjshir Observer")
    assert (outlet.reliability, outlet.reliability_note) == ("B", reason)
    assert Article.objects.get().outlet == outlet


def test_a_grade_without_its_reason_is_refused(tmp_path):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Panjshir Observer"})
    with pytest.raises(CommandError, match="needs --reliability-reason"):
        call_command("import_articles", "--create-outlet", "P", "--reliability", "B", str(path))
    assert not Outlet.objects.filter(name="P").exists()


def test_a_dry_run_with_a_new_outlet_creates_nothing(tmp_path):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Panjshir Observer"})
    out, _err, ok = run(
        "--dry-run", "--create-outlet", "Panjshir Observer", "--reliability", "F", str(path)
    )
    assert ok and "would create outlet" in out and "would store" in out
    assert not Outlet.objects.filter(name="Panjshir Observer").exists()


def test_file_json_is_read_as_the_sidecar_too(tmp_path):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Valley Herald"}, name="story.json")
    out, _err, ok = run(str(path))
    assert ok, out
    assert Article.objects.get().outlet.name == "Valley Herald"


def test_a_json_file_that_is_not_used_is_warned_about(tmp_path):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Valley Herald"})
    (tmp_path / "story.json").write_text('{"outlet": "Other"}', encoding="utf-8")
    (tmp_path / "stroy.txt.json").write_text("{}", encoding="utf-8")
    out, _err, ok = run(str(path))
    assert ok
    assert f"warning {path}: story.json is not used: story.txt.json is read instead" in out
    assert f"warning {tmp_path / 'stroy.txt.json'}: not used" in out


def test_a_month_only_date_is_stored_with_month_precision(tmp_path):
    path = write(
        tmp_path / "story.txt", sidecar={"outlet": "Valley Herald", "published": "2021-12"}
    )
    _out, _err, ok = run(str(path))
    article = Article.objects.get()
    assert ok and article.published.isoformat() == "2021-12-01"
    assert article.published_precision == DatePrecision.MONTH
    assert article.published_label == "December 2021"


def test_an_author_is_stored_as_the_byline(tmp_path):
    path = write(tmp_path / "story.txt", sidecar={"outlet": "Valley Herald", "author": "J. Roe"})
    _out, _err, ok = run(str(path))
    assert ok and Article.objects.get().byline == "J. Roe"


def test_a_near_copy_is_recorded_as_a_copy_and_said(tmp_path):
    body = (
        "The resistance said on Tuesday that the valley would hold against any attack. "
        "Taliban spokesman Zabihullah Mujahid said talks with the elders were still possible. "
        "Fighters were seen digging new positions on the ridges above the main road.\n"
    )
    first = write(tmp_path / "a.txt", "First report\n\n" + body, {"outlet": "Valley Herald"})
    second = write(
        tmp_path / "b.txt",
        "Repost: valley will hold\n\n" + body.replace("Tuesday", "Tuesday ,"),
        {"outlet": "Valley Herald"},
    )
    out, _err, ok = run(str(first), str(second))
    assert ok, out
    original = Article.objects.get(headline="First report")
    assert "looks like a copy of “first-report”" in out
    assert Article.objects.get(headline="Repost: valley will hold").copy_of == original


def _manage(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_DEBUG": "1",
        "DJANGO_MEDIA_ROOT": str(db.parent / "media"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )


@pytest.mark.django_db(transaction=False)
def test_exit_status_from_a_real_process(tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert _manage("migrate", "--no-input", db=db).returncode == 0
    bad = write(tmp_path / "bad.txt", sidecar={"outlet": "Nowhere", "url": "javascript:x"})
    refused = _manage("import_articles", "--dry-run", str(bad), db=db)
    assert refused.returncode == 1
    assert "url: Enter a valid URL." in refused.stdout and "Traceback" not in refused.stderr
    good = write(tmp_path / "good.txt", sidecar={"outlet": "Valley Observer"})
    stored = _manage(
        "import_articles", "--create-outlet", "Valley Observer", "--reliability", "F", str(good),
        db=db,
    )  # fmt: skip
    assert stored.returncode == 0, stored.stdout + stored.stderr
    assert "stored resistance-says-valley-holds" in stored.stdout
