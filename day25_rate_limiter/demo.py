"""``python -m day25_rate_limiter demo``: the three strategies side by side, on a hand-moved clock.

Each line is a moment and a burst of requests: ✔ admitted, ✘ refused. The clock is a
``ManualClock``, so the demo is exact and instant — the same trick the tests use.
"""

from __future__ import annotations

import asyncio

from day25_rate_limiter.race import RemoteCounterLimiter, admitted
from shared.ratelimit import FixedWindow, LeakyBucket, ManualClock, RateLimiter, TokenBucket


async def burst(limiter: RateLimiter, clock: ManualClock, at: float, n: int) -> str:
    clock.now = at
    decisions = [await limiter.hit("client") for _ in range(n)]
    marks = "".join("✔" if d.allowed else "✘" for d in decisions)
    last = decisions[-1]
    tail = f"retry in {last.retry_after:g} s" if not last.allowed else ""
    what = f"{n} request{'s' if n > 1 else ''}"
    return f"   t={at:5.1f} s  {what:<11} {marks:<8} remaining {last.remaining}  {tail}".rstrip()


async def run() -> list[str]:
    lines: list[str] = []
    say = lines.append

    clock = ManualClock()
    fixed = FixedWindow("demo", limit=5, window=10, clock=clock)
    say("1. Fixed window: 5 requests per 10 s window")
    say(await burst(fixed, clock, 9.9, 5))
    say(await burst(fixed, clock, 10.0, 6))
    say("   -> 10 admitted within 0.1 s: twice the limit, across the window boundary")

    clock = ManualClock()
    tokens = TokenBucket("demo", capacity=5, refill_rate=1, clock=clock)
    say("2. Token bucket: capacity 5, refilled at 1 token per second")
    say(await burst(tokens, clock, 0.0, 7))
    say(await burst(tokens, clock, 1.0, 2))
    say(await burst(tokens, clock, 3.0, 3))
    say("   -> a burst of 5 from the full bucket, then what the refill earned")

    clock = ManualClock()
    leaky = LeakyBucket("demo", capacity=5, leak_rate=1, clock=clock)
    say("3. Leaky bucket (meter): 5 deep, draining 1 per second")
    say(await burst(leaky, clock, 0.0, 7))
    for second in (0.5, 1.0, 1.5, 2.0):
        say(await burst(leaky, clock, second, 1))
    say("   -> once full, one request fits per drained unit: a constant 1 per second")
    say("   -> the same answers as the token bucket: as meters the two are mirror images")
    say("      (tokens left vs. water in); the leaky bucket keeps one timestamp per key")

    say("4. 100 concurrent hits (asyncio.gather) at a limit of 10")
    clock = ManualClock()  # frozen: all 100 land in one window
    contenders: list[tuple[str, RateLimiter]] = [
        ("in memory, no await inside", FixedWindow("demo", limit=10, window=10, clock=clock)),
        (
            "remote counter, await inside",
            RemoteCounterLimiter("demo", limit=10, window=10, clock=clock),
        ),
        (
            "remote counter + asyncio.Lock",
            RemoteCounterLimiter("demo", limit=10, window=10, locked=True, clock=clock),
        ),
    ]
    for label, limiter in contenders:
        say(f"   {label + ':':<32} {await admitted(limiter, 100):>3} admitted")
    return lines


def main(argv: list[str]) -> int:
    print("Day 25 · three rate limiters on a clock moved by hand\n")
    for line in asyncio.run(run()):
        print(line)
    return 0
