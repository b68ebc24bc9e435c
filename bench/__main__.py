"""``make bench``: the reading room under load, beside the ceiling of the same stack.

For each scale (number of articles) it prepares a database, starts gunicorn with production
settings, loads each page from a separate wrk process for a fixed time and prints one table:
requests/s, p50, p99 and the ratio to a "hello" view that touches no database and no template,
measured in the same run. Public pages are measured twice: served by the page cache (a normal
server) and rendered on every request (a second server started with DJANGO_PUBLIC_PAGE_CACHE=0,
which is exactly what a cache miss costs). The rows are also written as JSON.
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.server import HELLO, REPO, BenchError, Gunicorn, fetch, wrk, wrk_path

BENCH_DIR = REPO / "bench"
PUBLIC_PAGES = ["index", "article", "sentence", "timeline"]
STATIC_FILE = "css/reading-room.css"

# Targets from the issue, checked after the run.
CACHED_RATIO_MIN = 0.70
UNCACHED_ARTICLE_P50_MAX_MS = 25.0
P99_OVER_P50_MAX = 4.0
SCALE_SLOWDOWN_MAX = 1.20
WORKER_RSS_MAX_MB = 150.0


@dataclass
class Row:
    page: str
    scale: int
    cached: bool | None  # None: nothing to cache (hello, a static file)
    rps: float
    p50_ms: float
    p99_ms: float
    ratio_to_hello: float

    def as_json(self) -> dict[str, object]:
        return {
            "page": self.page,
            "scale": self.scale,
            "cached": self.cached,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "ratio_to_hello": round(self.ratio_to_hello, 3),
        }


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


def production_env(*, database: str, static_root: Path, secret: str) -> dict[str, str]:
    """Production settings on plain HTTP at 127.0.0.1, with the hello view mounted."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secret,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_BENCH="1",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database,
        PYTHONPATH=str(REPO),
    )
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
        [sys.executable, "-m", "bench.prepare", "--articles", str(scale)],
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


def measure(
    server: Gunicorn, path: str, *, seconds: int, warmup: int, connections: int, public: bool
) -> tuple[float, float, float]:
    url = server.base_url + path
    status, headers, _ = fetch(url)
    if status != 200:
        raise BenchError(f"{url} answered {status}")
    if public and "ETag" not in headers:
        raise BenchError(f"{url} sent no ETag: is it stamped? ({headers})")
    if warmup:
        wrk(url, seconds=warmup, connections=connections)
    else:
        for _ in range(4 * connections):
            fetch(url)
    load = wrk(url, seconds=seconds, connections=connections)
    return load.rps, load.p50_ms, load.p99_ms


def run_scale(scale: int, args: argparse.Namespace, static_root: Path, secret: str) -> list[Row]:
    started = time.perf_counter()
    env = production_env(
        database=database_url(scale, args.data_dir), static_root=static_root, secret=secret
    )
    info = prepare(env, scale)
    say(
        f"scale {scale}: {info['articles']} articles ready in {info['prepare_seconds']} s "
        f"(corpus build included when it was needed)"
    )
    if info["articles"] != scale:
        say(f"  note: the database holds {info['articles']} articles, not {scale}")
    pages = {"hello": HELLO, "static": static_url(static_root), **info["urls"]}
    kwargs = {"seconds": args.seconds, "warmup": args.warmup, "connections": args.connections}
    results: list[tuple[str, bool | None, tuple[float, float, float]]] = []
    peaks = []
    for cached in (True, False):
        server_env = {**env, "DJANGO_PUBLIC_PAGE_CACHE": "1" if cached else "0"}
        log = args.data_dir / f"gunicorn-{scale}-{'cached' if cached else 'uncached'}.log"
        with Gunicorn(env=server_env, workers=args.workers, log_path=log) as server:
            names = ["hello", "static", *PUBLIC_PAGES] if cached else PUBLIC_PAGES
            for name in names:
                public = name in PUBLIC_PAGES
                numbers = measure(server, pages[name], public=public, **kwargs)
                results.append((name, cached if public else None, numbers))
                say(
                    f"  {name:<9} {_cached_label(cached if public else None):<8} "
                    f"{numbers[0]:>8.0f} req/s  p50 {numbers[1]:6.2f} ms  p99 {numbers[2]:6.2f} ms"
                )
            peaks.append(server.worker_peak_rss_mb())
    hello_rps = next(numbers[0] for name, _, numbers in results if name == "hello")
    say(
        f"  peak RSS of a gunicorn worker after the load: {max(peaks):.0f} MB; "
        f"scale took {time.perf_counter() - started:.0f} s"
    )
    args.worker_peaks[scale] = max(peaks)
    return [
        Row(name, scale, cached, rps, p50, p99, rps / hello_rps if hello_rps else 0.0)
        for name, cached, (rps, p50, p99) in results
    ]


def _cached_label(cached: bool | None) -> str:
    return {True: "cached", False: "uncached", None: "-"}[cached]


def table(rows: list[Row]) -> str:
    lines = [
        f"{'scale':>6}  {'page':<9} {'cached':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'/hello':>7}",
    ]
    for row in rows:
        lines.append(
            f"{row.scale:>6}  {row.page:<9} {_cached_label(row.cached):<8} {row.rps:>8.0f} "
            f"{row.p50_ms:>8.2f} {row.p99_ms:>8.2f} {row.ratio_to_hello:>7.2f}"
        )
    return "\n".join(lines)


def verdicts(rows: list[Row], worker_peaks: dict[int, float]) -> list[str]:
    """Each target of the issue, met or missed, with the numbers."""

    def mark(ok: bool) -> str:
        return "met   " if ok else "MISSED"

    out = []
    cached = [r for r in rows if r.cached]
    worst = min(cached, key=lambda r: r.ratio_to_hello, default=None)
    if worst:
        out.append(
            f"{mark(worst.ratio_to_hello >= CACHED_RATIO_MIN)} cached pages >= 70% of hello: "
            f"lowest {worst.ratio_to_hello:.0%} ({worst.page} at {worst.scale})"
        )
    for row in (r for r in rows if r.page == "article" and r.cached is False):
        out.append(
            f"{mark(row.p50_ms < UNCACHED_ARTICLE_P50_MAX_MS)} uncached article p50 < 25 ms at "
            f"{row.scale}: {row.p50_ms:.2f} ms"
        )
    spread = max(rows, key=lambda r: r.p99_ms / r.p50_ms if r.p50_ms else 0)
    out.append(
        f"{mark(spread.p99_ms <= P99_OVER_P50_MAX * spread.p50_ms)} p99 < 4x p50: worst "
        f"{spread.p99_ms / spread.p50_ms:.1f}x ({spread.page}, "
        f"{_cached_label(spread.cached)}, at {spread.scale})"
    )
    scales = sorted({r.scale for r in rows})
    if len(scales) > 1:
        small, large = scales[0], scales[-1]
        by_key = {(r.page, r.cached, r.scale): r for r in rows}
        growth = []
        for row in (r for r in rows if r.scale == large and r.page != "hello"):
            base = by_key.get((row.page, row.cached, small))
            if base:
                growth.append((row.p50_ms / base.p50_ms, row))
        ratio, row = max(growth, key=lambda g: g[0])
        out.append(
            f"{mark(ratio <= SCALE_SLOWDOWN_MAX)} no page > 20% slower (p50) at {large} than at "
            f"{small}: worst {ratio - 1:+.0%} ({row.page}, {_cached_label(row.cached)})"
        )
    if worker_peaks:
        scale = max(worker_peaks)
        out.append(
            f"{mark(worker_peaks[scale] < WORKER_RSS_MAX_MB)} worker peak RSS < 150 MB at "
            f"{scale}: {worker_peaks[scale]:.0f} MB"
        )
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scales", default="5 1000 10000", help='articles per run, e.g. "5 1000 10000"'
    )
    parser.add_argument("--seconds", type=int, default=5, help="load per page (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up per page (default 1)")
    parser.add_argument("--connections", type=int, default=2, help="wrk connections (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument(
        "--data-dir", type=Path, default=BENCH_DIR, help="where databases and logs go"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="one short run to prove the benchmark works: scale 5, 1 s a page, throwaway files",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.scales, args.seconds, args.warmup, args.workers = "5", 1, 0, 1
    try:
        args.scale_list = [int(s) for s in args.scales.replace(",", " ").split()]
    except ValueError:
        parser.error(f"--scales takes numbers of articles: {args.scales!r}")
    if not args.scale_list or min(args.scale_list) < 5 or args.seconds < 1:
        parser.error("scales start at 5 (the seeds) and --seconds is at least 1")
    args.worker_peaks = {}
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
            rows: list[Row] = []
            for scale in args.scale_list:
                rows += run_scale(scale, args, static_root, secret)
    except BenchError as error:
        say(f"bench: {error}")
        return 1
    print(table(rows))
    print()
    print("\n".join(verdicts(rows, args.worker_peaks)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps([row.as_json() for row in rows], indent=2) + "\n")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
