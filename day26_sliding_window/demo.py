"""``python -m day26_sliding_window demo``: the strategies side by side, on a clock moved by hand.

1. a burst at the *end* of a window: the fixed window lets 2× through, the log stays exact,
   the counter lets a bounded few extra in;
2. a burst at the *start* of a window: the counter refuses what the log admits;
3. 200 concurrent hits: one Lua script vs two MULTI pipelines vs WATCH.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from typing import Any

from day26_sliding_window.pipeline_race import PipelinedSlidingLog
from shared.ratelimit import FixedWindow, ManualClock, RateLimiter
from shared.ratelimit_redis import RedisSlidingCounter, RedisSlidingLog

LIMIT, WINDOW = 10, 10.0


def most_in_any_window(times: Iterable[float], window: float = WINDOW) -> int:
    """The largest number of ``times`` inside one window ``(t − window, t]``."""
    ordered = sorted(times)
    return max((sum(end - window < t <= end for t in ordered) for end in ordered), default=0)


async def replay(redis: Any, prefix: str, bursts: list[float]) -> dict[str, list[float]]:
    """``LIMIT`` hits at each time of ``bursts`` on three limiters; the admitted times."""
    clock = ManualClock(0.0)
    limiters: dict[str, RateLimiter] = {
        "fixed window": FixedWindow("fixed", limit=LIMIT, window=WINDOW, clock=clock),
        "sliding log": RedisSlidingLog(
            redis, "log", limit=LIMIT, window=WINDOW, prefix=prefix, clock=clock
        ),
        "sliding counter": RedisSlidingCounter(
            redis, "counter", limit=LIMIT, window=WINDOW, prefix=prefix, clock=clock
        ),
    }
    admitted: dict[str, list[float]] = {name: [] for name in limiters}
    for at in bursts:
        clock.now = at
        for name, limiter in limiters.items():
            for _ in range(LIMIT):
                if (await limiter.hit("client")).allowed:
                    admitted[name].append(at)
    return admitted


def table(bursts: list[float], admitted: dict[str, list[float]]) -> list[str]:
    names = list(admitted)
    lines = [f"{'t (s)':>18}" + "".join(f"{n:>17}" for n in names)]
    for at in bursts:
        lines.append(f"{at:>18.1f}" + "".join(f"{admitted[n].count(at):>17}" for n in names))
    most = "".join(f"{most_in_any_window(admitted[n]):>17}" for n in names)
    lines.append(f"{f'most in any {WINDOW:g} s':>18}{most}")
    return lines


async def race(redis: Any, prefix: str) -> list[str]:
    contenders: list[tuple[str, Any]] = [
        (
            "one Lua script (log)",
            RedisSlidingLog(redis, "r1", limit=LIMIT, window=60, prefix=prefix),
        ),
        (
            "one Lua script (counter)",
            RedisSlidingCounter(redis, "r2", limit=LIMIT, window=60, prefix=prefix),
        ),
        (
            "two MULTI pipelines",
            PipelinedSlidingLog(redis, "r3", limit=LIMIT, window=60, prefix=prefix),
        ),
        (
            "WATCH + MULTI",
            PipelinedSlidingLog(redis, "r4", limit=LIMIT, window=60, prefix=prefix, watch=True),
        ),
    ]
    lines = []
    for label, limiter in contenders:
        decisions = await asyncio.gather(*(limiter.hit("client") for _ in range(200)))
        line = f"  {label:<26} admitted {sum(d.allowed for d in decisions):>3} of 200"
        if getattr(limiter, "watch", False):
            line += f", after {limiter.retries} retries"
        lines.append(line)
    return lines


async def run() -> None:
    from shared.backends import describe  # noqa: PLC0415
    from shared.redis import open_redis  # noqa: PLC0415

    prefix = f"day26-demo:{os.urandom(4).hex()}:"
    async with open_redis() as redis:
        print(f"Sliding windows on Redis — {describe('redis')}\n")
        try:
            late = [9.9, 10.0, 15.0, 20.0]
            print(f"1. {LIMIT} requests at each time, limit {LIMIT} per {WINDOW:g} s:")
            print("\n".join(table(late, await replay(redis, prefix + "a:", late))))
            print(
                "   The fixed window admits 20 within 0.1 s. The counter weights the burst at\n"
                "   9.9 s by half at 15.0 s and admits 5: 15 in (5, 15] — its bound is\n"
                "   limit + previous × elapsed / window = 10 + 10 × 5/10. The log stays at 10.\n"
            )
            early = [0.0, 10.5]
            print(f"2. {LIMIT} requests at 0.0 s, {LIMIT} more at 10.5 s:")
            print("\n".join(table(early, await replay(redis, prefix + "b:", early))))
            print(
                "   All ten left the window at 10.0 s: the log admits ten more. The counter\n"
                "   assumes they were spread evenly, still counts 9.5 of them, and admits none.\n"
            )
            print(f"3. 200 concurrent hits on one key, limit {LIMIT} (Redis TIME, window 60 s):")
            print("\n".join(await race(redis, prefix + "c:")))
            print(
                "   Two pipelines decide in the app, between round trips: every hit counted\n"
                "   before any added. WATCH is exact but starts over on every conflict.\n"
            )
        finally:
            keys = [k async for k in redis.scan_iter(match=f"{prefix}*", count=500)]
            if keys:
                await redis.delete(*keys)


def main(argv: list[str]) -> int:
    if argv:
        print("usage: python -m day26_sliding_window demo")
        return 2
    asyncio.run(run())
    return 0
