"""Is this text already stored? Exact copies by a tolerant checksum, near-copies by a sketch.

- **The same text.** `text_key` is the SHA-256 of the text with what a paste or a re-save
  changes without anyone meaning to dropped: line endings (CRLF/CR), trailing spaces and tabs
  on each line, blank lines at either end, and Unicode composition (NFC). Two texts with the
  same key are the same article; an earlier revision of a corrected article counts too, so a
  correction is never undone by loading the old text again.
- **Near-copies** (syndicated copies, re-posts, a wire story with a new headline): the body
  sentences' words are reduced to their letters and digits (case, punctuation, curly quotes
  and whitespace dropped), cut into overlapping runs of `SHINGLE` words, and each run hashed.
  The hashes divisible by `SAMPLE` are the article's sketch, stored as a few dozen indexed
  rows (ArticleFingerprint). The sampling is the same for every text, so a shared passage
  yields shared tokens, and the share of a text's tokens found in a stored article's sketch
  estimates how much of it that article contains — one indexed query at any corpus size.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from articles.models import Article, ArticleFingerprint, ArticleRevision, SentenceKind

SHINGLE = (
    5  # words per shingle: long enough to be specific to a text, short enough to survive edits
)
SAMPLE = 8  # keep hashes ≡ 0 (mod SAMPLE): about one shingle in eight
SKETCH_MAX = 400  # the smallest tokens kept for very long texts (about 3,000 words and more)
MIN_TOKENS = 3  # fewer tokens than this is too little text to call it a copy
COPY_SHARE = 0.6  # the share of the shorter sketch that must match to say "a copy of"


def text_key(text: str) -> str:
    """The checksum two copies of one text share, whatever their line ends and trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


def _words(text: str) -> list[str]:
    """Words as letters and digits only: case, punctuation and quote styles do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(
        ch if not unicodedata.category(ch).startswith(("P", "S")) else " " if ch in "-/" else ""
        for ch in folded
    )
    return kept.split()


def _token(shingle: str) -> int:
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # fits a signed 64-bit column


def sketch(body: str) -> list[int]:
    """The sampled shingle hashes of a body text, smallest first (see the module docstring)."""
    words = _words(body)
    if len(words) < SHINGLE:
        return []
    tokens = {_token(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}
    return sorted(token for token in tokens if token % SAMPLE == 0)[:SKETCH_MAX]


def body_of(pieces: Iterable[tuple[str, str]]) -> str:
    """The body text from (kind, text) pairs: what a copy repeats, without the page around it."""
    return "\n".join(text for kind, text in pieces if kind == SentenceKind.BODY)


# --------------------------------------------------------------------------------------------
# Looking up the database
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredCopy:
    """A stored article holding this text: the current text, or one it was corrected from."""

    article: Article
    revision: ArticleRevision | None = None  # set when the match is an earlier text


def duplicate_of(text: str, *, exclude: Article | None = None) -> StoredCopy | None:
    """The stored article whose text (now or before a correction) is this text, if any."""
    key = text_key(text)
    articles = Article.objects.filter(text_key=key)
    revisions = ArticleRevision.objects.filter(text_key=key).select_related("article")
    if exclude is not None:
        articles = articles.exclude(pk=exclude.pk)
        revisions = revisions.exclude(article=exclude)
    article = articles.first()
    if article is not None:
        return StoredCopy(article)
    revision = revisions.order_by("-number").first()
    return StoredCopy(revision.article, revision) if revision is not None else None


@dataclass(frozen=True)
class NearCopy:
    article: Article
    share: float  # of the shorter text's sketch found in the other

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def near_copies(body: str, *, exclude: Article | None = None, limit: int = 3) -> list[NearCopy]:
    """Stored articles whose body mostly matches this body, best first (two queries)."""
    tokens = sketch(body)
    if len(tokens) < MIN_TOKENS:
        return []
    hits = ArticleFingerprint.objects.filter(token__in=tokens)
    if exclude is not None:
        hits = hits.exclude(article=exclude)
    shared = dict(
        hits.values("article")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("article", "n")[: limit * 3]
    )
    if not shared:
        return []
    sizes = dict(
        ArticleFingerprint.objects.filter(article__in=shared)
        .values("article")
        .annotate(n=Count("id"))
        .values_list("article", "n")
    )
    shares = {
        pk: n / max(MIN_TOKENS, min(len(tokens), sizes.get(pk, 0))) for pk, n in shared.items()
    }
    wanted = [pk for pk, share in shares.items() if share >= COPY_SHARE]
    articles = Article.objects.select_related("copy_of").defer("text").in_bulk(wanted)
    found = [NearCopy(articles[pk], min(1.0, shares[pk])) for pk in wanted if pk in articles]
    return sorted(found, key=lambda c: (-c.share, c.article.pk))[:limit]


def report_of(article: Article) -> Article:
    """The article a copy is recorded as a copy of (the first report), else the article."""
    return article.copy_of if article.copy_of_id else article


def fingerprint_store(*, article: Article, body: str) -> None:
    """Replace an article's sketch; called wherever its sentences are (re)stored."""
    ArticleFingerprint.objects.filter(article=article).delete()
    ArticleFingerprint.objects.bulk_create(
        ArticleFingerprint(article=article, token=token) for token in sketch(body)
    )
