"""Where a page's time goes: pyinstrument over repeated renders of one URL, in process.

    python -m bench.profile /articles/<slug>/ --scale 10000 [--cached] [--requests 200]

Uses the benchmark's database for that scale (bench/db-<N>.sqlite3, or <name>_<N> when
DATABASE_URL is set; run `make bench` first) with production settings, and renders through
Django's full request stack (middleware included). The page cache is off unless --cached.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from bench.server import BROWSER_ACCEPT_ENCODING, REPO


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("path", help="the page, e.g. /articles/<slug>/")
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--cached", action="store_true", help="profile cache hits instead")
    parser.add_argument(
        "--accept-encoding",
        default=BROWSER_ACCEPT_ENCODING,
        help='sent with every request, as by the benchmark; "" for none',
    )
    args = parser.parse_args(argv)

    from bench.__main__ import BENCH_DIR, database_url, production_env

    env = production_env(
        database=database_url(args.scale, BENCH_DIR),
        static_root=REPO / "staticfiles",
        secret=secrets.token_urlsafe(50),
    )
    env["DJANGO_PUBLIC_PAGE_CACHE"] = "1" if args.cached else "0"
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"
    env["DJANGO_PUBLIC_ORIGIN"] = "http://testserver"
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(
        headers={"accept-encoding": args.accept_encoding} if args.accept_encoding else {}
    )
    first = client.get(args.path)
    if first.status_code != 200:
        print(f"{args.path} answered {first.status_code}", file=sys.stderr)
        return 1
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.requests):
            client.get(args.path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
