"""What a run of ``make bench`` reports: its rows, the table of medians, the targets met.

The pages measured and the order the table lists them in; one Row per page, scale and
setup; each target of the issue printed as met or MISSED with its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC_PAGES = ["index", "article", "sentence", "timeline"]
# Search results follow every write, so they are never page-cached: measured uncached only.
# "suggest" is the note form's similar-sentence suggestions for the measured sentence.
SEARCH_PAGES = ["search-common", "search-typo", "search-phrase", "suggest"]

# Targets from the issue, checked after the run.
CACHED_RATIO_MIN = 0.70
UNCACHED_ARTICLE_P50_MAX_MS = 25.0
P99_OVER_P50_MAX = 4.0
SCALE_SLOWDOWN_MAX = 1.20
WORKER_RSS_MAX_MB = 150.0
SEARCH_P50_MAX_MS = 30.0
SEARCH_P99_MAX_MS = 100.0
SUGGEST_P50_MAX_MS = 50.0
INDEX_BUILD_MAX_S = 120.0


@dataclass
class Row:
    """One page at one scale and setup: its best round, beside hello's in the same setup."""

    page: str
    scale: int
    cached: bool | None  # None: nothing to cache (hello, a static file)
    rps: float
    p50_ms: float
    p99_ms: float
    ratio_to_hello: float
    servers: int = 1

    def as_json(self) -> dict[str, object]:
        return {
            "page": self.page,
            "scale": self.scale,
            "cached": self.cached,
            "servers": self.servers,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "ratio_to_hello": round(self.ratio_to_hello, 3),
        }


ROW_ORDER = [
    ("hello", None),
    ("static", None),
    *((page, True) for page in PUBLIC_PAGES),
    *((page, False) for page in PUBLIC_PAGES),
    *((page, False) for page in SEARCH_PAGES),
]


def cached_label(cached: bool | None) -> str:
    """How a row's setup reads in the table: cached, uncached, or - (nothing to cache)."""
    return {True: "cached", False: "uncached", None: "-"}[cached]


def table(rows: list[Row]) -> str:
    """The table of medians, one line per row, in ROW_ORDER within each scale."""
    lines = [
        f"{'scale':>6} {'servers':>7}  {'page':<9} {'cached':<8} {'req/s':>8} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'/hello':>7}",
    ]
    for row in rows:
        lines.append(
            f"{row.scale:>6} {row.servers:>7}  {row.page:<9} {cached_label(row.cached):<8} "
            f"{row.rps:>8.0f} "
            f"{row.p50_ms:>8.2f} {row.p99_ms:>8.2f} {row.ratio_to_hello:>7.2f}"
        )
    return "\n".join(lines)


def verdicts(
    rows: list[Row],
    worker_peaks: dict[int, float],
    index_builds: dict[int, tuple[float, float]] | None = None,
) -> list[str]:
    """Each target of the issue, met or missed, with the numbers."""

    def mark(ok: bool) -> str:
        return "met   " if ok else "MISSED"

    rows = [row for row in rows if row.servers == 1]  # the targets are one server's
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
    spreads = [r for r in rows if r.p99_ms > P99_OVER_P50_MAX * r.p50_ms]
    hello_spread = max(r.p99_ms / r.p50_ms for r in rows if r.page == "hello")
    out.append(
        f"{mark(not spreads)} p99 < 4x p50: met by {len(rows) - len(spreads)} of {len(rows)} rows"
        + (
            f"; over: {', '.join(f'{r.page}/{cached_label(r.cached)}@{r.scale}' for r in spreads)}"
            f" (hello's own p99 reaches {hello_spread:.1f}x p50 on this machine)"
            if spreads
            else ""
        )
    )
    scales = sorted({r.scale for r in rows})
    by_key = {(r.page, r.cached, r.scale): r for r in rows}
    large = scales[-1]
    for small in scales[:-1][:2]:
        growth = [
            (row.p50_ms / by_key[row.page, row.cached, small].p50_ms, row)
            for row in rows
            if row.scale == large
            and row.page != "hello"
            # a page no request of which finished within a round has no p50 to compare
            and by_key[row.page, row.cached, small].p50_ms > 0
        ]
        ratio, row = max(growth, key=lambda g: g[0])
        out.append(
            f"{mark(ratio <= SCALE_SLOWDOWN_MAX)} no page > 20% slower (p50) at {large} than at "
            f"{small}: worst {ratio - 1:+.0%} ({row.page}, {cached_label(row.cached)})"
        )
    for row in (r for r in rows if r.scale == large and r.page in SEARCH_PAGES):
        if row.page == "suggest":
            out.append(
                f"{mark(row.p50_ms < SUGGEST_P50_MAX_MS)} suggestions p50 < 50 ms at {large}: "
                f"{row.p50_ms:.2f} ms"
            )
            continue
        ok = row.p50_ms < SEARCH_P50_MAX_MS and row.p99_ms < SEARCH_P99_MAX_MS
        out.append(
            f"{mark(ok)} {row.page} p50 < 30 ms and p99 < 100 ms at {large}: "
            f"{row.p50_ms:.2f} / {row.p99_ms:.2f} ms"
        )
    if index_builds:
        seconds, rss = index_builds[max(index_builds)]
        out.append(
            f"{mark(seconds < INDEX_BUILD_MAX_S)} search index built in < 2 min at "
            f"{max(index_builds)}: {seconds:.1f} s, peak RSS {rss:.0f} MB"
        )
    if worker_peaks:
        scale = max(worker_peaks)
        out.append(
            f"{mark(worker_peaks[scale] < WORKER_RSS_MAX_MB)} worker peak RSS < 150 MB at "
            f"{scale}: {worker_peaks[scale]:.0f} MB"
        )
    return out
