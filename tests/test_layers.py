"""Dependencies run one way: no module imports a layer above it, lazily or not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGES = [
    "pagecache",
    "articles",
    "notes",
    "timeline",
    "editorial",
    "search",
    "desk",
    "bench",
    "audit",
    "backups",
    "newsroom",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_of_the_code(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_its_layers():
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_lazy_import_of_a_higher_layer_is_caught(tmp_path):
    """The check sees imports inside functions too (the kind issue 15 found)."""
    root = _copy_of_the_code(tmp_path)
    (root / "articles" / "planted.py").write_text(
        "def stamp_events():\n    from timeline.models import Event\n\n    return Event\n"
    )
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "articles.planted -> timeline.models" in result.stdout


def test_the_page_cache_may_not_import_the_domain(tmp_path):
    root = _copy_of_the_code(tmp_path)
    (root / "pagecache" / "planted.py").write_text("from articles.models import Article\n")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "pagecache.planted -> articles.models" in result.stdout


def test_no_module_outgrows_one_idea():
    """A module past ~400 lines holds more than its name says; split it by concern."""
    limit = 400
    long = {
        str(path.relative_to(REPO)): lines
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > limit
    }
    assert long == {}
