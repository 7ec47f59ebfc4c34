"""Two lesson processes, one Redis, 50 concurrent clients: the limit holds across processes.

Each admitted answer carries ``X-Limiter-Time``, the Redis TIME its script decided at. Laid
on that one timeline, the admissions of both processes are checked window by window.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import Counter
from typing import Any

import httpx

from .conftest import over_the_limit

CLIENTS = 50
RUN_S = 1.5  # longer than the feed's 1 s window, so the window really slides
FEED_LIMIT, FEED_WINDOW_US = 20, 1_000_000
SEARCH_LIMIT, SEARCH_WINDOW_US = 30, 10_000_000


async def test_two_processes_never_admit_more_than_the_limit_in_any_window(
    lesson_process: Any, redis_url: str, redis_prefix: str, redis_client: Any
) -> None:
    # Same Redis, same key prefix: the two processes are one app scaled out.
    env = {"REDIS_URL": redis_url, "DAY26_KEY_PREFIX": redis_prefix, "LOG_LEVEL": "warning"}
    processes = [lesson_process("day26_sliding_window", env=env) for _ in range(2)]

    #: (process, route, status, Redis TIME of the decision in µs, for admitted requests)
    results: list[tuple[int, str, int, int | None]] = []
    # One TLS context for all: httpx builds one per client otherwise (CA bundle and all),
    # and 50 of those take longer than the whole run.
    tls = ssl.create_default_context()
    loop = asyncio.get_running_loop()
    stop_at = loop.time() + RUN_S

    async def client(i: int) -> None:
        which, route = i % 2, ("feed", "search")[i // 2 % 2]
        params = {"q": "redis"} if route == "search" else {}
        async with httpx.AsyncClient(base_url=processes[which].url, timeout=5, verify=tls) as http:
            while loop.time() < stop_at:
                r = await http.get(f"/{route}", params=params)
                stamp = r.headers.get("X-Limiter-Time")
                results.append((which, route, r.status_code, int(stamp) if stamp else None))

    await asyncio.gather(*(client(i) for i in range(CLIENTS)))

    assert {status for _, _, status, _ in results} == {200, 429}
    admitted = [(which, route, at) for which, route, status, at in results if status == 200]
    assert all(at is not None for _, _, at in admitted)

    # The log: exact. No window (t − 1 s, t] holds more than 20 admissions, whichever
    # process admitted them, and both processes took part.
    feed = [at for _, route, at in admitted if route == "feed"]
    assert len(feed) > FEED_LIMIT
    assert over_the_limit(feed, FEED_LIMIT, FEED_WINDOW_US) == []  # type: ignore[arg-type]
    assert {which for which, route, _ in admitted if route == "feed"} == {0, 1}
    assert sum(route == "feed" for _, route, status, _ in results if status == 429) > 0

    # The counter: each fixed 10 s window admits at most 30, and every admission happened
    # while previous × (1 − elapsed / window) + current ≤ 30 — the rule its script applies.
    search = sorted(at for _, route, at in admitted if route == "search")  # type: ignore[type-var]
    per_window = Counter(at // SEARCH_WINDOW_US for at in search)
    assert 0 < max(per_window.values()) <= SEARCH_LIMIT
    seen: Counter[int] = Counter()
    for at in search:
        index, elapsed = divmod(at, SEARCH_WINDOW_US)
        seen[index] += 1
        weight = (SEARCH_WINDOW_US - elapsed) / SEARCH_WINDOW_US
        assert per_window[index - 1] * weight + seen[index] <= SEARCH_LIMIT + 1e-9
