"""Make one benchmark database hold N articles, then print the URLs to measure as JSON.

Run by ``python -m bench`` in a subprocess, under the same environment as the server it is
about to start (production settings, the scale's DATABASE_URL), after ``migrate``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from urllib.parse import urlencode

import django


def seeds_ensure() -> list[str]:
    """Load the starter content as `make run` does (seeds, notes, events); the seeds' slugs."""
    from django.core.management import call_command

    from articles.services import sidecar_read
    from desk.starter import FIXTURES_DIR, seed_files

    call_command("load_starter_content", stdout=sys.stderr)
    return [str(sidecar_read(path)["slug"]) for path in seed_files(FIXTURES_DIR)]


def targets(seed_slugs: list[str]) -> dict[str, str]:
    """The longest seed's article page and one of its sentences (a noted one if any)."""
    from django.db.models.functions import Length
    from django.urls import reverse

    from articles.models import Article, SentenceKind

    article = (
        Article.objects.filter(slug__in=seed_slugs).order_by(Length("text").desc(), "slug").first()
    )
    body = article.sentences.filter(kind=SentenceKind.BODY).order_by("position")
    sentence = body.filter(note__status="published").first() or body[body.count() // 2]
    search = reverse("search:search")
    return {
        "index": reverse("articles:index"),
        "article": article.get_absolute_url(),
        "sentence": sentence.get_absolute_url(),
        "timeline": reverse("timeline:index"),
        **{page: f"{search}?{urlencode({'q': q})}" for page, q in SEARCHES.items()},
        "suggest": reverse("bench-suggest", kwargs={"pk": sentence.pk}),
    }


# The three searches: a word common in the synthetic corpus, a name only the seeds
# print (as "Zabihullah Mujahid") typed with two slips, and a phrase the corpus repeats.
SEARCHES = {
    "search-common": "valley",
    "search-typo": "Zabiullah Mojahid",
    "search-phrase": '"blocked the road"',
}


def index_build() -> dict[str, float]:
    """Rebuild the search index from the tables, timed, with the process's peak memory."""
    import resource

    from django.db import connection, transaction

    from search.schema import index_ensure

    started = time.perf_counter()
    with transaction.atomic():
        index_ensure(connection, rebuild=True)
    return {
        "index_build_seconds": round(time.perf_counter() - started, 1),
        "index_build_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument(
        "--index-build", action="store_true", help="also time a rebuild of the search index"
    )
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command

    from articles.models import Article

    started = time.perf_counter()
    seed_slugs = seeds_ensure()
    if Article.objects.count() < args.articles:
        call_command("make_scale_corpus", articles=args.articles, stdout=sys.stderr)
    count = Article.objects.count()
    prepared = round(time.perf_counter() - started, 1)
    build = index_build() if args.index_build else {}
    print(
        json.dumps(
            {"articles": count, "prepare_seconds": prepared, "urls": targets(seed_slugs), **build}
        )
    )


if __name__ == "__main__":
    main()
