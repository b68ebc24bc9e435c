"""``make bench``: the reading room under load, beside the ceiling of the same stack.

It prepares a database per scale (number of articles), starts gunicorn with production
settings for each, and loads every page from a separate wrk process for a fixed time, in
rounds that interleave pages and scales; it prints one table of medians: requests/s, p50, p99
and the ratio to a "hello" view that touches no database and no template, measured in the same
run. Public pages are measured twice: served by the page cache (a normal server) and rendered
on every request (a second server started with DJANGO_PUBLIC_PAGE_CACHE=0, which is exactly
what a cache miss costs). With ``--two-servers`` every page is measured again on two
servers sharing the database, each with its own page cache, loaded at once (bench/pair.py).
The rows are also written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.pair import wrk_both
from bench.report import PUBLIC_PAGES, ROW_ORDER, SEARCH_PAGES, Row, cached_label, table, verdicts
from bench.server import (
    BROWSER_ACCEPT_ENCODING,
    HELLO,
    REPO,
    BenchError,
    Gunicorn,
    Load,
    fetch,
    wrk,
    wrk_path,
)

BENCH_DIR = REPO / "bench"
STATIC_FILE = "css/reading-room.css"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def database_url(scale: int, data_dir: Path) -> str:
    """A database per scale: bench/db-<N>.sqlite3, or <name>_<N> beside DATABASE_URL's."""
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        return f"sqlite:///{data_dir / f'db-{scale}.sqlite3'}"
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        raise BenchError(f"DATABASE_URL must be PostgreSQL (or unset for SQLite): {base}")
    name = f"{parts.path.lstrip('/') or 'reading_room'}_{scale}"
    import psycopg
    from psycopg import sql

    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def production_env(
    *, database: str, static_root: Path, secret: str, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Production settings on plain HTTP at 127.0.0.1, with the hello view mounted.

    The caller's DJANGO_* variables are dropped so a developer's shell cannot skew the run;
    `extra` (``--env``) sets some on purpose, to measure what a setting changes.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secret,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_PUBLIC_ORIGIN="http://127.0.0.1",  # with its port, once gunicorn has one
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_BENCH="1",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database,
        PYTHONPATH=str(REPO),
    )
    env.update(extra or {})
    return env


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def prepare(env: dict[str, str], scale: int) -> dict:
    """Migrate, load the seeds and the synthetic corpus up to `scale`; the URLs to measure."""
    manage(env, "migrate", "--no-input", "-v0")
    done = subprocess.run(
        [sys.executable, "-m", "bench.prepare", "--articles", str(scale), "--index-build"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise BenchError(f"preparing the {scale}-article database failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def static_url(static_root: Path) -> str:
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return f"/static/{manifest['paths'][STATIC_FILE]}"


@dataclass
class Scale:
    """One prepared database and the URLs to measure on it."""

    scale: int
    env: dict[str, str]
    urls: dict[str, str]


def scale_prepare(scale: int, args: argparse.Namespace, static_root: Path, secret: str) -> Scale:
    env = production_env(
        database=database_url(scale, args.data_dir),
        static_root=static_root,
        secret=secret,
        extra=args.env,
    )
    info = prepare(env, scale)
    say(
        f"scale {scale}: {info['articles']} articles ready in {info['prepare_seconds']} s "
        f"(including building the corpus, when it was not there yet)"
    )
    say(
        f"  search index rebuilt from the tables in {info['index_build_seconds']} s, "
        f"peak RSS {info['index_build_peak_rss_mb']:.0f} MB"
    )
    args.index_builds[scale] = (info["index_build_seconds"], info["index_build_peak_rss_mb"])
    if info["articles"] != scale:
        say(f"  note: the database holds {info['articles']} articles, not {scale}")
    return Scale(scale, env, {"hello": HELLO, "static": static_url(static_root), **info["urls"]})


@dataclass(frozen=True)
class Job:
    page: str
    scale: int
    cached: bool | None
    servers: int = 1

    @property
    def server(self) -> tuple[int, bool]:
        return self.scale, self.cached is not False


def check(server: Gunicorn, job: Job, path: str, accept_encoding: str) -> None:
    """One GET before loading a page: 200, and for a public page an ETag (and gzip if asked)."""
    status, headers, _ = fetch(server.base_url + path, accept_encoding=accept_encoding)
    if status != 200:
        raise BenchError(f"{path} answered {status}")
    if job.cached is not None and job.page not in SEARCH_PAGES and "ETag" not in headers:
        raise BenchError(f"{path} sent no ETag: is it stamped? ({headers})")
    if job.cached is not None and job.page not in SEARCH_PAGES and "gzip" in accept_encoding:
        if headers.get("Content-Encoding") != "gzip":
            raise BenchError(f"{path} was not sent gzip-compressed ({headers})")


def run(args: argparse.Namespace, static_root: Path, secret: str) -> list[Row]:
    """Measure every page at every scale, interleaved, in rounds; medians per page.

    All servers run at once and each round loads every (page, scale) in turn, so a burst of
    other work on the machine lands on all scales alike instead of on one; the median of the
    rounds then sets it aside.
    """
    scales = [scale_prepare(n, args, static_root, secret) for n in args.scale_list]
    jobs = [
        Job(page, scale.scale, cached)
        for page in ["hello", "static", *PUBLIC_PAGES]
        for cached in ((None,) if page in ("hello", "static") else (True, False))
        for scale in scales
    ]
    if args.two_servers:
        jobs += [Job(job.page, job.scale, job.cached, servers=2) for job in jobs]
    # Search is measured on one server, uncached (each query is a new page).
    jobs += [Job(page, scale.scale, False) for page in SEARCH_PAGES for scale in scales]
    urls = {scale.scale: scale.urls for scale in scales}
    samples: dict[Job, list[Load]] = {job: [] for job in jobs}
    with ExitStack() as stack:
        servers: dict[tuple[int, bool], Gunicorn] = {}
        seconds: dict[tuple[int, bool], Gunicorn] = {}  # the second server, same database
        for scale in scales:
            for cached in (True, False):
                mode = "cached" if cached else "uncached"
                for started, suffix in ((servers, ""), (seconds, "-second"))[
                    : 2 if args.two_servers else 1
                ]:
                    started[scale.scale, cached] = stack.enter_context(
                        Gunicorn(
                            env={**scale.env, "DJANGO_PUBLIC_PAGE_CACHE": "1" if cached else "0"},
                            workers=args.workers,
                            log_path=args.data_dir / f"gunicorn-{scale.scale}-{mode}{suffix}.log",
                        )
                    )

        def load(job: Job, seconds_each: int) -> Load:
            path = urls[job.scale][job.page]
            if job.servers == 2:
                return wrk_both(
                    [servers[job.server].base_url + path, seconds[job.server].base_url + path],
                    seconds=seconds_each,
                    connections=args.connections,
                    accept_encoding=args.accept_encoding,
                )
            return wrk(
                servers[job.server].base_url + path,
                seconds=seconds_each,
                connections=args.connections,
                accept_encoding=args.accept_encoding,
            )

        for job in jobs:
            server, path = servers[job.server], urls[job.scale][job.page]
            check(server, job, path, args.accept_encoding)
            if job.servers == 2:
                check(seconds[job.server], job, path, args.accept_encoding)
            if args.warmup:
                load(job, args.warmup)
            else:
                for each in (server, seconds.get(job.server))[: job.servers]:
                    for _ in range(4 * args.connections):
                        fetch(each.base_url + path, accept_encoding=args.accept_encoding)
        for number in range(1, args.rounds + 1):
            say(f"round {number} of {args.rounds}")
            for job in jobs:
                measured = load(job, args.seconds)
                samples[job].append(measured)
                say(
                    f"  {job.scale:>6} {job.page:<9} {cached_label(job.cached):<8} "
                    f"x{job.servers} {measured.rps:>8.0f} req/s  p50 {measured.p50_ms:6.2f} ms  "
                    f"p99 {measured.p99_ms:7.2f} ms"
                )
        for scale in scales:
            args.worker_peaks[scale.scale] = max(
                servers[scale.scale, cached].worker_peak_rss_mb() for cached in (True, False)
            )
    # The best round of each: on a shared machine a slower round measures the other processes,
    # not the page (as Python's timeit advises); every round is printed above.
    best = {job: max(loads, key=lambda load: load.rps) for job, loads in samples.items()}
    # Each setup against its own ceiling: two servers' pages beside two servers' hello.
    hello = {(job.scale, job.servers): best[job].rps for job in jobs if job.page == "hello"}
    return sorted(
        (
            Row(
                job.page,
                job.scale,
                job.cached,
                b.rps,
                b.p50_ms,
                b.p99_ms,
                b.rps / hello[job.scale, job.servers],
                job.servers,
            )
            for job, b in best.items()
        ),
        key=lambda row: (row.scale, row.servers, ROW_ORDER.index((row.page, row.cached))),
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scales", default="5 1000 10000", help='articles per run, e.g. "5 1000 10000"'
    )
    parser.add_argument(
        "--seconds", type=int, default=1, help="load per page and round (default 1)"
    )
    parser.add_argument("--rounds", type=int, default=6, help="rounds; the best is kept (6)")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up per page (default 1)")
    # wrk needs a core of its own: one sync worker per remaining core, one connection each.
    workers = max(1, (os.cpu_count() or 2) - 1)
    parser.add_argument(
        "--workers", type=int, default=workers, help=f"gunicorn sync workers ({workers})"
    )
    parser.add_argument("--connections", type=int, help="wrk connections (default: one per worker)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="DJANGO_X=VALUE",
        help="a setting for the servers, to measure its effect (repeatable)",
    )
    parser.add_argument(
        "--accept-encoding",
        default=BROWSER_ACCEPT_ENCODING,
        help=f'sent with every request, as a browser does ("{BROWSER_ACCEPT_ENCODING}"); '
        '"" for none',
    )
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument(
        "--data-dir", type=Path, default=BENCH_DIR, help="where databases and logs go"
    )
    parser.add_argument(
        "--two-servers",
        action="store_true",
        help="measure every page again on two servers sharing the database, loaded at once",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="one short run to prove the benchmark works: scale 5, 1 s a page, throwaway files",
    )
    args = parser.parse_args(argv)
    args.connections = args.connections or args.workers
    if any("=" not in item for item in args.env):
        parser.error("--env takes NAME=VALUE")
    args.env = dict(item.split("=", 1) for item in args.env)
    if args.smoke:
        args.scales, args.seconds, args.rounds, args.warmup, args.workers = "5", 1, 1, 0, 1
    try:
        args.scale_list = [int(s) for s in args.scales.replace(",", " ").split()]
    except ValueError:
        parser.error(f"--scales takes numbers of articles: {args.scales!r}")
    if not args.scale_list or min(args.scale_list) < 5 or args.seconds < 1 or args.rounds < 1:
        parser.error("scales start at 5 (the seeds); --seconds and --rounds are at least 1")
    args.worker_peaks = {}
    args.index_builds = {}
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        wrk_path()
        with tempfile.TemporaryDirectory(prefix="rr-bench-") as scratch:
            if args.smoke:
                args.data_dir = Path(scratch)
            static_root = Path(scratch) / "static" if args.smoke else REPO / "staticfiles"
            secret = secrets.token_urlsafe(50)
            say(f"collectstatic into {static_root}")
            env = production_env(
                database="sqlite://:memory:", static_root=static_root, secret=secret
            )
            manage(env, "collectstatic", "--no-input", "-v0")
            started = time.perf_counter()
            rows = run(args, static_root, secret)
            say(f"measured in {time.perf_counter() - started:.0f} s")
    except BenchError as error:
        say(f"bench: {error}")
        return 1
    print(table(rows))
    print()
    print("\n".join(verdicts(rows, args.worker_peaks, args.index_builds)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps([row.as_json() for row in rows], indent=2) + "\n")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
