"""Persistence and eviction, read from the server itself; the private server keeps nothing."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from day24_redis.persistence import mode_of, persistence
from shared.redis import RedisServer


async def test_the_endpoint_reports_what_config_get_says(client, redis_client) -> None:
    body = (await client.get("/server/persistence")).json()
    for setting in ("save", "appendonly", "appendfsync", "maxmemory-policy"):
        assert body["config"][setting] == (await redis_client.config_get(setting))[setting]
    assert body["mode"] == mode_of(body["config"])


async def test_the_courses_private_server_has_no_persistence() -> None:
    """What the lesson starts when REDIS_URL is unset: no RDB, no AOF — a scratch server."""
    server = RedisServer()
    url = await asyncio.to_thread(server.start)
    try:
        r = aioredis.Redis.from_url(url, decode_responses=True)
        try:
            found = await persistence(r)
        finally:
            await r.aclose()
    finally:
        await asyncio.to_thread(server.stop)
    assert found.mode == "none"
    assert found.config["save"] == "" and found.config["appendonly"] == "no"
    assert found.config["maxmemory-policy"] == "noeviction"  # Redis's default: writes fail


def test_modes_from_config() -> None:
    assert mode_of({"save": "3600 1", "appendonly": "no"}) == "rdb"
    assert mode_of({"save": "", "appendonly": "yes"}) == "aof"
    assert mode_of({"save": "60 100", "appendonly": "yes"}) == "rdb+aof"
    assert mode_of({"save": "", "appendonly": "no"}) == "none"
    assert mode_of({}) == "unknown"  # CONFIG refused (managed Redis)
