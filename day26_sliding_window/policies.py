"""The lesson's limits: which strategy guards which route, and what each does when Redis is down.

* ``feed``   — sliding-window **log**, 20 per any 1 s, per IP, **fail open**. A per-second
  limit is the kind a client's contract states ("20 per second, any second"), so it is
  exact; the feed is public, cheap and read-only, so a Redis outage is better spent serving
  it unlimited (and logging it) than refusing every reader.
* ``search`` — sliding-window **counter**, 30 per 10 s, per IP, **fail open**. Search keys are
  many (every IP) and an estimate is good enough, so each costs one small hash, not 30
  entries.
* ``login``  — sliding-window **log**, 5 per 60 s, per IP, **fail closed**. An unlimited
  login is the attack the limit exists to stop (password guessing at full speed), so while
  the limit cannot be checked, login answers 503.

Everything is built from one Redis client, once it exists (in the app's lifespan, or by a
test that passes its own), under a key prefix so two apps — or two tests — never share counts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from fastapi import Request, Response
from pydantic import BaseModel

from shared.ratelimit import Clock, Decision, KeyFunc, RateLimiter, by_ip, rate_limit
from shared.ratelimit_redis import FailClosed, FailOpen, RedisSlidingCounter, RedisSlidingLog

if TYPE_CHECKING:
    from redis.asyncio import Redis

Dependency = Callable[[Request, Response], Awaitable[Decision]]


@dataclass(frozen=True)
class Guard:
    """A limiter with its failure policy, the key it counts under, where it applies and why."""

    limiter: FailOpen | FailClosed
    key: KeyFunc
    per: str
    routes: tuple[str, ...]
    why: str
    #: Day 25's dependency, built once: the 429 problem and the RateLimit fields
    check: Dependency = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "check", rate_limit(self.limiter, key=self.key))

    @property
    def strategy(self) -> RateLimiter:
        return self.limiter.limiter

    @property
    def when_redis_is_down(self) -> Literal["open", "closed"]:
        return "open" if isinstance(self.limiter, FailOpen) else "closed"


@dataclass(frozen=True)
class Limits:
    feed: Guard
    search: Guard
    login: Guard

    def all(self) -> list[Guard]:
        return [self.feed, self.search, self.login]


def build(redis: Redis, *, prefix: str = "day26:", clock: Clock | None = None) -> Limits:
    """The three limits on ``redis``; ``clock=None`` means every script reads Redis TIME."""
    shared = {"prefix": prefix, "clock": clock}
    return Limits(
        feed=Guard(
            FailOpen(RedisSlidingLog(redis, "feed", limit=20, window=1, **shared)),
            by_ip,
            "client IP",
            ("GET /feed",),
            "exact per-second limit; public and read-only, so an outage serves it unlimited",
        ),
        search=Guard(
            FailOpen(RedisSlidingCounter(redis, "search", limit=30, window=10, **shared)),
            by_ip,
            "client IP",
            ("GET /search",),
            "one small hash per IP instead of 30 log entries; an estimate is good enough",
        ),
        login=Guard(
            FailClosed(RedisSlidingLog(redis, "login", limit=5, window=60, **shared)),
            by_ip,
            "client IP",
            ("POST /login",),
            "password guessing is what it stops: unlimited is worse than unavailable",
        ),
    )


class PolicyOut(BaseModel):
    name: str
    algorithm: str
    limit: int
    window_s: float
    description: str
    per: str
    routes: list[str]
    when_redis_is_down: Literal["open", "closed"]
    #: True while the store is unreachable (since the first failed hit)
    degraded: bool
    why: str


def describe(guard: Guard) -> PolicyOut:
    policy = guard.limiter.policy
    return PolicyOut(
        name=policy.name,
        algorithm=policy.algorithm,
        limit=policy.limit,
        window_s=policy.window,
        description=policy.description,
        per=guard.per,
        routes=list(guard.routes),
        when_redis_is_down=guard.when_redis_is_down,
        degraded=guard.limiter.down_since is not None,
        why=guard.why,
    )
