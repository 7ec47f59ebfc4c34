"""The lesson's limits: which strategy guards which route, counted per what, and why.

Each route gets the strategy that fits what it protects:

* ``search``  — fixed window per IP: searching is cheap, so is the counter; a 2× burst at a
  window boundary does no harm here.
* ``catalog`` — fixed window per IP *and* route template, on a whole router: every catalog
  route has its own budget, and ``/items/1`` … ``/items/999`` share one.
* ``uploads`` — token bucket per user, spent by size: a burst up to 64 KiB, then 4 KiB/s.
* ``jobs``    — leaky bucket per user (per IP when anonymous): at most 3 jobs in the bucket,
  one drains every 2 s, so the workers behind it see a steady rate whatever the client does.

Everything is built per app, with the clock passed in: a test gets fresh counters and
moves time by hand.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request, Response
from pydantic import BaseModel

from shared.ratelimit import (
    Clock,
    CostFunc,
    Decision,
    FixedWindow,
    KeyFunc,
    LeakyBucket,
    RateLimiter,
    TokenBucket,
    by_ip,
    by_route,
    by_user,
    combine,
    rate_limit,
)

KIB = 1024


@dataclass(frozen=True)
class Guard:
    """A limiter, the key it counts under, and where it applies — one row of ``GET /limits``."""

    limiter: RateLimiter
    key: KeyFunc
    per: str
    routes: tuple[str, ...]
    why: str

    def dependency(
        self, cost: int | CostFunc = 1
    ) -> Callable[[Request, Response], Awaitable[Decision]]:
        return rate_limit(self.limiter, key=self.key, cost=cost)


@dataclass(frozen=True)
class Limits:
    search: Guard
    catalog: Guard
    uploads: Guard
    jobs: Guard

    def all(self) -> list[Guard]:
        return [self.search, self.catalog, self.uploads, self.jobs]


def build(clock: Clock = time.monotonic) -> Limits:
    return Limits(
        search=Guard(
            FixedWindow("search", limit=5, window=10, clock=clock),
            by_ip,
            "client IP",
            ("GET /search",),
            "cheap to count and cheap to serve: a 2x burst at a window boundary is harmless",
        ),
        catalog=Guard(
            FixedWindow("catalog", limit=10, window=60, clock=clock),
            combine(by_ip, by_route),
            "client IP and route template",
            ("GET /items", "GET /items/{item_id}"),
            "one limiter on a whole router; each route has its own budget, and every item id "
            "shares its route's",
        ),
        uploads=Guard(
            TokenBucket(
                "uploads",
                capacity=64 * KIB,
                refill_rate=4 * KIB,
                unit="content-bytes",
                clock=clock,
            ),
            by_user,
            "user (X-API-Key)",
            ("POST /upload",),
            "cost is the body's size (at least 1 KiB): a burst of 64 KiB, then 4 KiB/s",
        ),
        jobs=Guard(
            LeakyBucket("jobs", capacity=3, leak_rate=0.5, clock=clock),
            by_user,
            "user, or client IP when anonymous",
            ("POST /jobs",),
            "the workers behind it see at most one new job per 2 s per client, whatever the "
            "client sends",
        ),
    )


class PolicyOut(BaseModel):
    name: str
    algorithm: str
    limit: int
    window_s: float
    unit: str
    description: str
    per: str
    routes: list[str]
    why: str


def describe(guard: Guard) -> PolicyOut:
    policy = guard.limiter.policy
    return PolicyOut(
        name=policy.name,
        algorithm=policy.algorithm,
        limit=policy.limit,
        window_s=policy.window,
        unit=policy.unit,
        description=policy.description,
        per=guard.per,
        routes=list(guard.routes),
        why=guard.why,
    )
