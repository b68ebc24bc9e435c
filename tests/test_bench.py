"""`make bench` works: one short run of the real benchmark (gunicorn + wrk), no fixed ports.

The numbers of a one-second run mean nothing and are not checked; the shape of the results
file is the benchmark's contract.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import IN_CI, REPO

ROW_TYPES = {
    "page": str,
    "scale": int,
    "cached": (bool, type(None)),
    "servers": int,
    "rps": float,
    "p50_ms": float,
    "p99_ms": float,
    "ratio_to_hello": float,
}


@pytest.fixture(scope="module")
def smoke_rows(tmp_path_factory) -> list[dict]:
    if shutil.which("wrk") is None:
        if IN_CI:
            pytest.fail("wrk is missing (apt-get install wrk); the benchmark smoke test needs it")
        pytest.skip("wrk is not installed")
    output = tmp_path_factory.mktemp("bench") / "results.json"
    # SQLite in a throwaway directory whatever the suite runs on; settings from the bench.
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "DATABASE_URL" and not key.startswith("DJANGO_")
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--two-servers", "--output", str(output)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(output.read_text())


def test_smoke_run_measures_every_page_cached_and_uncached_on_one_and_two_servers(smoke_rows):
    assert sorted((row["page"], row["cached"], row["servers"]) for row in smoke_rows) == sorted(
        [
            *(
                (page, cached, servers)
                for servers in (1, 2)
                for page, cached in [
                    ("hello", None),
                    ("static", None),
                    *((page, cached) for page in ("index", "article", "sentence", "timeline")
                      for cached in (True, False)),
                ]
            ),
            *((page, False, 1) for page in ("search-common", "search-typo", "search-phrase",
                                            "suggest")),
        ]
    )  # fmt: skip


def test_smoke_run_rows_have_the_documented_keys_and_types(smoke_rows):
    for row in smoke_rows:
        assert set(row) == set(ROW_TYPES)
        for key, kind in ROW_TYPES.items():
            assert isinstance(row[key], kind), (key, row)
        assert row["scale"] == 5
        assert row["rps"] > 0 and 0 < row["p50_ms"] <= row["p99_ms"]


def test_smoke_run_relates_every_page_to_hello_on_as_many_servers(smoke_rows):
    hello = {row["servers"]: row for row in smoke_rows if row["page"] == "hello"}
    assert {servers: row["ratio_to_hello"] for servers, row in hello.items()} == {1: 1.0, 2: 1.0}
    for row in smoke_rows:
        expected = row["rps"] / hello[row["servers"]]["rps"]
        assert row["ratio_to_hello"] == pytest.approx(expected, abs=0.01)
