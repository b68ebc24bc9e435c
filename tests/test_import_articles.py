"""`import_articles FILE...`: the admin's code path, in bulk, with a report per file."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from desk.management.commands.import_articles import Command
from tests.conftest import REPO
from tests.factories import OutletFactory
from tests.tiling import assert_sentences_tile

pytestmark = pytest.mark.django_db

SEEDS = REPO / "fixtures" / "seeds"
DATA = REPO / "tests" / "data"


@pytest.fixture(autouse=True)
def _outlets(media_root):
    OutletFactory(name="Valley Herald", slug="valley-herald")
    OutletFactory(name="The Guardian", slug="the-guardian")


def write(path: Path, text: str, sidecar: dict | None = None) -> Path:
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_name(path.name + ".json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def run(*files: Path, capsys) -> tuple[str, bool]:
    """The command's report and whether it succeeded."""
    try:
        call_command("import_articles", *map(str, files))
    except CommandError:
        return capsys.readouterr().out, False
    return capsys.readouterr().out, True


def test_file_with_a_sidecar_is_stored_with_its_metadata(tmp_path, capsys):
    path = write(
        tmp_path / "story.txt",
        "Valley holds\n\nThe valley held on Tuesday.\n",
        {
            "headline": "Valley holds, resistance says",
            "outlet": "Valley Herald",
            "wire": "AFP",
            "published": "2021-08-24",
            "published_precision": "approximate",
            "published_note": "Dated by the wire's slug line.",
            "url": "https://example.org/valley",
            "language": "en",
        },
    )
    out, ok = run(path, capsys=capsys)
    article = Article.objects.get()
    assert ok and out == f"stored {article.slug}\n"
    assert article.headline == "Valley holds, resistance says" and article.wire == "AFP"
    assert str(article.published) == "2021-08-24" and article.published_precision == "approximate"
    assert article.url == "https://example.org/valley"
    with article.source_file.open("rb") as original:
        assert original.read() == path.read_bytes()
    assert_sentences_tile(article)


def test_missing_headline_is_taken_from_the_first_heading_like_line(tmp_path, capsys):
    path = write(
        tmp_path / "story.txt",
        "Close button\n\nResistance says the valley will hold\n\nFighters dug in on Monday. "
        "They said they were ready.\n",
        {"outlet": "Valley Herald"},
    )
    run(path, capsys=capsys)
    assert Article.objects.get().headline == "Resistance says the valley will hold"


def test_missing_headline_of_a_web_page_is_its_first_h1(tmp_path, capsys):
    path = tmp_path / "page.html"
    shutil.copy(DATA / "messy_page.html", path)
    path.with_name("page.html.json").write_text('{"outlet": "The Guardian"}', encoding="utf-8")
    out, ok = run(path, capsys=capsys)
    article = Article.objects.get()
    assert ok and article.headline == "Taliban say Afghan resistance ‘besieged’, but seek talks"
    assert "dataLayer" not in article.text


def test_missing_outlet_is_refused_with_the_reason(tmp_path, capsys):
    path = write(tmp_path / "story.txt", "Headline here\n\nBody text.\n")
    out, ok = run(path, capsys=capsys)
    assert not ok
    assert out == f'refused {path}: no outlet: add "outlet" to the metadata\n'
    assert not Article.objects.exists()


def test_unknown_outlet_is_refused_naming_the_known_ones(tmp_path, capsys):
    path = write(tmp_path / "story.txt", "Headline\n\nBody.\n", {"outlet": "Daily Nowhere"})
    out, ok = run(path, capsys=capsys)
    assert not ok
    assert "unknown outlet “Daily Nowhere”" in out and "Valley Herald" in out


def test_text_without_any_headline_is_refused(tmp_path, capsys):
    path = write(
        tmp_path / "story.txt", "just a lower-case sentence with no heading.\n", {"outlet": "O"}
    )
    OutletFactory(name="O")
    out, ok = run(path, capsys=capsys)
    assert not ok and "no headline" in out


def test_duplicate_is_skipped_naming_the_stored_article_and_is_not_a_failure(tmp_path, capsys):
    first = write(tmp_path / "a.txt", "Same\n\nWords.\n", {"outlet": "Valley Herald"})
    second = write(tmp_path / "b.txt", "Same\r\n\r\nWords.\r\n", {"outlet": "Valley Herald"})
    out, ok = run(first, second, capsys=capsys)
    slug = Article.objects.get().slug
    assert ok
    assert out.splitlines() == [
        f"stored {slug}",
        f"skipped {second}: duplicate of {slug} (already stored)",
    ]


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ({"outlet": "Valley Herald", "published": "24/08/2021"}, "not an ISO date"),
        ({"outlet": "Valley Herald", "published_precision": "week"}, "published_precision"),
        ({"outlet": "Valley Herald", "headlin": "typo"}, "unknown metadata key(s): headlin"),
        ({"outlet": "Valley Herald", "date_doubtful": "yes"}, "true or false"),
    ],
)
def test_bad_metadata_is_refused_with_the_reason(tmp_path, capsys, sidecar, reason):
    path = write(tmp_path / "story.txt", "Headline\n\nBody.\n", sidecar)
    out, ok = run(path, capsys=capsys)
    assert not ok and reason in out


def test_sidecar_that_is_not_json_is_refused(tmp_path, capsys):
    path = write(tmp_path / "story.txt", "Headline\n\nBody.\n")
    path.with_name("story.txt.json").write_text("{outlet: nope", encoding="utf-8")
    out, ok = run(path, capsys=capsys)
    assert not ok and "is not valid JSON" in out


def test_unreadable_and_binary_files_are_refused_and_the_rest_still_imported(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\n\x00\x01")
    good = write(tmp_path / "good.txt", "Good headline\n\nBody.\n", {"outlet": "Valley Herald"})
    out, ok = run(missing, binary, good, capsys=capsys)
    lines = out.splitlines()
    assert not ok
    assert lines[0].startswith(f"refused {missing}: cannot read the file")
    assert lines[1] == f"refused {binary}: This looks like a binary file (PDF), not text."
    assert lines[2] == f"stored {Article.objects.get().slug}"


def test_exit_status_is_non_zero_when_any_file_is_refused(tmp_path, capsys):
    path = write(tmp_path / "story.txt", "Headline\n\nBody.\n")
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_articles", str(path)])
    assert exited.value.code == 1
    assert "1 of 1 file(s) refused" in capsys.readouterr().err


def test_a_seed_file_comes_out_byte_for_byte_through_the_same_path(tmp_path, capsys):
    name = "000_11431c4aaa258a7c.txt"
    path = tmp_path / name
    shutil.copy(SEEDS / name, path)
    sidecar = {"headline": "Taliban say resistance besieged", "outlet": "The Guardian"}
    path.with_name(name + ".json").write_text(json.dumps(sidecar), encoding="utf-8")
    run(path, capsys=capsys)
    article = Article.objects.get()
    assert article.text.encode("utf-8") == (SEEDS / name).read_bytes()
    assert article.sha256 == hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()
    assert_sentences_tile(article)


def test_seed_sidecars_carry_exactly_the_curated_provenance_of_articles_json():
    rows = json.loads((REPO / "fixtures" / "articles.json").read_text(encoding="utf-8"))
    for row in rows:
        sidecar = SEEDS / (row["file"] + ".json")
        expected = {key: value for key, value in row.items() if key != "file"}
        assert json.loads(sidecar.read_text(encoding="utf-8")) == expected, (
            f"{sidecar.name} differs from fixtures/articles.json: regenerate the sidecars "
            "(see README, 'Loading articles')"
        )


def test_load_starter_content_loads_the_seeds_through_import_articles(capsys):
    call_command("load_starter_content")
    out = capsys.readouterr().out
    assert out.count("stored ") == 5
    assert Article.objects.count() == 5
    assert not any(article.source_file for article in Article.objects.all())
