"""One Lua script per hit: concurrent clients never over-admit; two pipelines do."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest

from day26_sliding_window.pipeline_race import PipelinedSlidingLog
from shared.ratelimit import RateLimiter
from shared.ratelimit_redis import SLIDING_LOG_LUA, RedisSlidingCounter, RedisSlidingLog

CONCURRENT, LIMIT = 200, 10


async def concurrently(limiter: RateLimiter, n: int = CONCURRENT) -> int:
    """``n`` hits on one key at once (asyncio tasks over a connection pool); admitted count."""
    decisions = await asyncio.gather(*(limiter.hit("k") for _ in range(n)))
    return sum(d.allowed for d in decisions)


@pytest.mark.parametrize("strategy", [RedisSlidingLog, RedisSlidingCounter])
async def test_concurrent_hits_never_over_admit(
    redis_client: Any, redis_prefix: str, strategy: type
) -> None:
    limiter = strategy(redis_client, "s", limit=LIMIT, window=60, prefix=redis_prefix)
    assert await concurrently(limiter) == LIMIT
    assert await concurrently(limiter) == 0


async def test_the_log_holds_exactly_the_admitted_hits(
    redis_client: Any, redis_prefix: str
) -> None:
    limiter = RedisSlidingLog(redis_client, "s", limit=LIMIT, window=60, prefix=redis_prefix)
    await concurrently(limiter)
    assert await redis_client.zcard(limiter.redis_key("k")) == LIMIT


async def test_two_multi_pipelines_let_concurrent_clients_through(
    redis_client: Any, redis_prefix: str
) -> None:
    """Count in one MULTI, decide in the app, add in another: every client counted before
    any of them added, so all saw room. Each transaction was atomic; the hit was not."""
    racy = PipelinedSlidingLog(redis_client, "racy", limit=LIMIT, window=60, prefix=redis_prefix)
    admitted = await concurrently(racy)
    assert admitted > 2 * LIMIT
    assert await redis_client.zcard(racy.redis_key("k")) == admitted


async def test_watch_is_exact_but_pays_in_retries(redis_client: Any, redis_prefix: str) -> None:
    watched = PipelinedSlidingLog(
        redis_client, "watched", limit=LIMIT, window=60, prefix=redis_prefix, watch=True
    )
    assert await concurrently(watched, 50) == LIMIT
    assert watched.retries > 0  # round trips the Lua script never spends


async def test_hits_are_evalsha_and_survive_a_flushed_script_cache(private_redis: Any) -> None:
    """register_script sends the SHA1, not the text; after NOSCRIPT (a restarted Redis, a
    SCRIPT FLUSH) redis-py loads the text once and goes on. (On a private server: flushing
    the script cache of a shared one would bother its other clients.)"""
    import redis.asyncio as aioredis

    async with aioredis.Redis.from_url(private_redis.url) as redis:
        limiter = RedisSlidingLog(redis, "s", limit=LIMIT, window=60)
        await limiter.hit("k")
        assert limiter.script.sha == hashlib.sha1(SLIDING_LOG_LUA.encode()).hexdigest()
        await redis.script_flush()
        assert await redis.script_exists(limiter.script.sha) == [False]
        assert (await limiter.hit("k")).remaining == LIMIT - 2
        assert await redis.script_exists(limiter.script.sha) == [True]
