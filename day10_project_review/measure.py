"""Measure both versions the same way: calls made, latency, concurrency, and a profile.

Used by ``bench.py`` (``python -m course bench 10``); nothing here is a pass/fail test.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import statistics
import time

import httpx

from day10_project_review.app import create_app
from day10_project_review.data import Shop


def client(app) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://review")


async def latency(path: str, orders: int, runs: int = 5) -> tuple[float, int]:
    """Median latency of ``GET path`` (ms) and customer-service calls per request."""
    shop = Shop.seeded(orders=orders)
    async with client(create_app(shop)) as c:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            (await c.get(path)).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    calls = (shop.calls.customer_lookups + shop.calls.batch_lookups) / runs
    return statistics.median(times), int(calls)


async def concurrent_wall(base_url: str, path: str, clients: int) -> float:
    """Wall time (ms) for ``clients`` simultaneous requests over real sockets."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as c:
        started = time.perf_counter()
        responses = await asyncio.gather(*(c.get(path) for _ in range(clients)))
        for r in responses:
            r.raise_for_status()
        return (time.perf_counter() - started) * 1000


def profile(path: str, orders: int, top: int = 4) -> str:
    """cProfile of one request: where the time goes, by cumulative time."""
    shop = Shop.seeded(orders=orders)
    app = create_app(shop)

    async def one() -> None:
        async with client(app) as c:
            (await c.get(path)).raise_for_status()

    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(one())
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    # Only the lesson's own functions, by cumulative time: the N+1 shows up as a call count.
    stats.sort_stats("cumulative").print_stats(r"day10_project_review/(data|flawed|reviewed)", top)
    lines = out.getvalue().splitlines()
    header = next(line for line in lines if "ncalls" in line)
    rows = [
        line
        for line in lines
        if line.strip() and line.lstrip()[0].isdigit() and "function calls" not in line
    ]
    return "\n".join([header, *rows[:top]])
