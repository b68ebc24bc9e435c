"""Make one benchmark database hold N articles, then print the URLs to measure as JSON.

Run by ``python -m bench`` in a subprocess, under the same environment as the server it is
about to start (production settings, the scale's DATABASE_URL), after ``migrate``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

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
    return {
        "index": reverse("articles:index"),
        "article": article.get_absolute_url(),
        "sentence": sentence.get_absolute_url(),
        "timeline": reverse("timeline:index"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, required=True)
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command

    from articles.models import Article

    started = time.perf_counter()
    seed_slugs = seeds_ensure()
    if Article.objects.count() < args.articles:
        call_command("make_scale_corpus", articles=args.articles, stdout=sys.stderr)
    count = Article.objects.count()
    print(
        json.dumps(
            {
                "articles": count,
                "prepare_seconds": round(time.perf_counter() - started, 1),
                "urls": targets(seed_slugs),
            }
        )
    )


if __name__ == "__main__":
    main()
