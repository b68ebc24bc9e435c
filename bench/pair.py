"""Load two servers at once, as a load balancer spreading readers over them would."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bench.server import Load, wrk


def wrk_both(urls: list[str], *, seconds: int, connections: int, accept_encoding: str) -> Load:
    """One wrk per server, started together; their requests add up, their latencies do not.

    p50 and p99 are the slower server's: a reader behind the balancer may land on either.
    """
    with ThreadPoolExecutor(len(urls)) as pool:
        loads = list(
            pool.map(
                lambda url: wrk(
                    url, seconds=seconds, connections=connections, accept_encoding=accept_encoding
                ),
                urls,
            )
        )
    return Load(
        rps=sum(load.rps for load in loads),
        p50_ms=max(load.p50_ms for load in loads),
        p99_ms=max(load.p99_ms for load in loads),
        requests=sum(load.requests for load in loads),
    )
