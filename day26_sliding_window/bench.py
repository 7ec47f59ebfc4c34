"""``python -m course bench 26``: this lesson's two Redis strategies against the ``limits`` library's.

On one Redis (``REDIS_URL``, else a private redis-server started here), side by side:

* **decisions per second** — many asyncio tasks deciding hits over many keys, the same
  redis-py client under both libraries, rounds alternated so drift favours neither;
* **over-admissions** — a fixed pattern per strategy: 500 concurrent hits on one fresh key
  with a limit of 50; anything admitted past 50 is an over-admission (the goal is zero);
* **the ceiling** — ``redis-benchmark`` sending EVALSHA of a trivial script and of the
  sliding-log script from 50 connections: what the server does with no Python in the way.

    python -m course bench 26 [--seconds 0.5] [--rounds 4] [--tasks 32] [--keys 1000]

On a busy machine the decisions per second wander from round to round: each row keeps its
best round (the one least disturbed), and the client's CPU time per decision is printed
beside it — the number that moves least with load.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import shutil
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any
from urllib.parse import urlsplit

from shared.ratelimit_redis import RedisSlidingCounter, RedisSlidingLog

#: the throughput pattern: each key may take this many hits per window
LIMIT, WINDOW_S = 100, 10
#: the over-admission pattern: this many hits at once on one fresh key, against this limit
BURST, BURST_LIMIT = 500, 50

Decide = Callable[[str], Awaitable[bool]]


@dataclass
class Contender:
    name: str
    #: the name of the row whose speed this one is compared with (None: it is a peer)
    versus: str | None
    #: a decider for the throughput pattern, and one for the over-admission pattern
    decide: Decide
    burst: Decide
    rates: list[float]
    cpu_us: list[float] = field(default_factory=list)
    admitted: int = 0


def contenders(redis: Any, url: str, prefix: str) -> list[Contender]:
    """The lesson's two strategies and the ``limits`` library's two, on the same server."""
    from limits import RateLimitItemPerSecond  # noqa: PLC0415
    from limits.aio.storage import RedisStorage  # noqa: PLC0415
    from limits.aio.strategies import (  # noqa: PLC0415
        MovingWindowRateLimiter,
        SlidingWindowCounterRateLimiter,
    )

    # implementation="redispy": the same client library as ours, so the client is no variable.
    storage = RedisStorage(f"async+{url}", implementation="redispy", key_prefix=f"{prefix}limits")
    item = RateLimitItemPerSecond(LIMIT, WINDOW_S)
    burst_item = RateLimitItemPerSecond(BURST_LIMIT, 60)
    moving, counter = MovingWindowRateLimiter(storage), SlidingWindowCounterRateLimiter(storage)

    def ours(strategy: type, limit: int, window: float, name: str) -> Decide:
        limiter = strategy(redis, name, limit=limit, window=window, prefix=prefix)

        async def decide(key: str) -> bool:
            return (await limiter.hit(key)).allowed

        return decide

    def theirs(limiter: Any, limit_item: Any) -> Decide:
        async def decide(key: str) -> bool:
            return await limiter.hit(limit_item, key)

        return decide

    async def moving_with_stats(key: str) -> bool:
        # limits' hit() answers yes or no; RateLimit-Remaining and -Reset need a second call.
        allowed = await moving.hit(item, key)
        await moving.get_window_stats(item, key)
        return allowed

    log, lib_log = "sliding log (this lesson)", "limits MovingWindowRateLimiter"
    cnt, lib_cnt = "sliding counter (this lesson)", "limits SlidingWindowCounterRateLimiter"
    return [
        Contender(
            log,
            lib_log,
            ours(RedisSlidingLog, LIMIT, WINDOW_S, "log"),
            ours(RedisSlidingLog, BURST_LIMIT, 60, "log-burst"),
            [],
        ),
        Contender(lib_log, None, theirs(moving, item), theirs(moving, burst_item), []),
        Contender(
            cnt,
            lib_cnt,
            ours(RedisSlidingCounter, LIMIT, WINDOW_S, "counter"),
            ours(RedisSlidingCounter, BURST_LIMIT, 60, "counter-burst"),
            [],
        ),
        Contender(lib_cnt, None, theirs(counter, item), theirs(counter, burst_item), []),
        Contender(
            "limits moving window + get_window_stats",
            None,
            moving_with_stats,
            theirs(moving, burst_item),
            [],
        ),
    ]


async def throughput(decide: Decide, seconds: float, tasks: int, keys: int) -> tuple[float, float]:
    """Decisions per second from ``tasks`` concurrent loops over ``keys`` keys, and the
    client's CPU µs per decision."""
    done = 0
    stop_at = time.perf_counter() + seconds

    async def worker(start: int) -> None:
        nonlocal done
        i = start
        while time.perf_counter() < stop_at:
            await decide(f"client-{i % keys}")
            i += tasks
            done += 1

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker(t) for t in range(tasks)))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return done / elapsed, cpu / done * 1e6


async def admitted_of_burst(decide: Decide, key: str) -> int:
    return sum(await asyncio.gather(*(decide(key) for _ in range(BURST))))


def redis_benchmark(url: str, args: list[str], requests: int) -> tuple[float | None, str]:
    """``redis-benchmark`` from 50 connections; (requests per second, the command shown)."""
    binary = shutil.which("redis-benchmark")
    parts = urlsplit(url)
    where = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 6379)]
    shown = ["redis-benchmark", *where, "-c", "50", "-n", str(requests), "-r", "100000", *args]
    if binary is None:
        return None, " ".join(shown)
    auth = ["-a", parts.password, "--no-auth-warning"] if parts.password else []
    command = [binary, *where, *auth, "-c", "50", "-n", str(requests), "-r", "100000", "--csv"]
    out = subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    return (float(rows[-1]["rps"]) if rows else None), " ".join(shown)


async def run(url: str, where: str, opts: argparse.Namespace) -> int:
    import redis.asyncio as aioredis  # noqa: PLC0415

    prefix = f"bench26:{os.urandom(4).hex()}:"
    redis = aioredis.Redis.from_url(url)
    rows = contenders(redis, url, prefix)
    try:
        info = await redis.info("server")
        print(
            f"Redis {info['redis_version']} at {where}; redis-py {version('redis')}, "
            f"limits {version('limits')}"
        )
        print(
            f"throughput: {opts.tasks} concurrent tasks over {opts.keys} keys, "
            f"{LIMIT} per {WINDOW_S} s each; {opts.rounds} rounds of {opts.seconds:g} s per row"
        )
        print(f"over-admissions: {BURST} concurrent hits on one fresh key, limit {BURST_LIMIT}\n")
        for row in rows:  # one untimed pass: connections open, scripts loaded
            await throughput(row.decide, min(0.1, opts.seconds), opts.tasks, opts.keys)
        for _ in range(opts.rounds):
            for row in rows:
                rate, cpu_us = await throughput(row.decide, opts.seconds, opts.tasks, opts.keys)
                row.rates.append(rate)
                row.cpu_us.append(cpu_us)
        for i, row in enumerate(rows):
            row.admitted = await admitted_of_burst(row.burst, f"burst-{i}")

        best = {row.name: max(row.rates) for row in rows}
        print(
            "| strategy | decisions/s | vs limits | client CPU µs/decision "
            "| admitted of 500 (limit 50) | over-admissions |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        over_total = 0
        for row in rows:
            over = max(0, row.admitted - BURST_LIMIT)
            over_total += over
            ratio = f"{best[row.name] / best[row.versus]:.2f}×" if row.versus else ""
            print(
                f"| {row.name} | {best[row.name]:,.0f} | {ratio} | {min(row.cpu_us):.1f} "
                f"| {row.admitted} | {over} |"
            )

        trivial = await redis.script_load("return 1")
        log_sha = RedisSlidingLog(redis, "rb", limit=LIMIT, window=WINDOW_S).script.sha
        await redis.script_load(RedisSlidingLog.script_text)
        log_args = ["EVALSHA", log_sha, "1", f"{prefix}rb:__rand_int__", str(LIMIT)]
        log_args += [str(WINDOW_S * 1_000_000), "1", "tok"]
        print(f"\nthe ceiling: redis-benchmark, 50 connections, {opts.requests} requests each")
        for label, args in (
            ("EVALSHA of a trivial script (return 1)", ["EVALSHA", trivial, "0"]),
            ("EVALSHA of the sliding-log script", log_args),
        ):
            rps, command = await asyncio.to_thread(redis_benchmark, url, args, opts.requests)
            value = f"{rps:,.0f} requests/s" if rps is not None else "redis-benchmark not found"
            print(f"  {label:<40} {value}")
            print(f"    $ {command}")
        print(
            "\nEach decision above is one EVALSHA round trip: the gap to the ceiling is the "
            "Python client,\nnot Redis — more app processes (or workers) buy more decisions "
            "per second."
        )
        if over_total:
            print(f"\nFAILED: {over_total} over-admissions")
        return 1 if over_total else 0
    finally:
        keys = [k async for k in redis.scan_iter(match=f"{prefix}*", count=1000)]
        for start in range(0, len(keys), 1000):
            await redis.delete(*keys[start : start + 1000])
        await redis.aclose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 26")
    parser.add_argument("--seconds", type=float, default=0.5, help="per row and round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--tasks", type=int, default=32, help="concurrent asyncio tasks")
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50_000, help="for redis-benchmark")
    opts = parser.parse_args(argv)

    from shared.backends import configured, redact  # noqa: PLC0415
    from shared.redis import RedisServer  # noqa: PLC0415
    from shared.settings import Settings  # noqa: PLC0415

    url = configured(Settings().redis_url)
    if url:
        return asyncio.run(run(url, redact(url), opts))
    with RedisServer() as server:  # persistence off, its own port, gone when we are done
        return asyncio.run(run(server.url, f"{server.url} (a private redis-server)", opts))
