"""Day 24 fixtures: the lesson's app on the session's real Redis, under this test's key prefix."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client
from course.testing import assert_problem as assert_problem
from day24_redis.app import create_app
from day24_redis.catalogue import SlowCatalogue
from day24_redis.keyspace import Keyspace
from shared.settings import get_settings


@pytest.fixture
def use_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """``use_redis(url)``: point the lesson (``REDIS_URL``) at ``url`` for this test."""

    def point(url: str) -> None:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()  # the next test reads the environment afresh


@pytest.fixture
def keys(redis_prefix: str) -> Keyspace:
    return Keyspace(redis_prefix)


@pytest.fixture
def catalogue() -> SlowCatalogue:
    return SlowCatalogue()


@pytest.fixture
def app(redis_url: str, redis_client: Any, redis_prefix: str, use_redis, catalogue) -> FastAPI:  # type: ignore[no-untyped-def]
    """The app on the session's Redis; ``redis_client`` is requested so its keys are cleaned."""
    use_redis(redis_url)
    return create_app(prefix=redis_prefix, catalogue=catalogue)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


async def dump(r: Any, prefix: str) -> dict[str, Any]:
    """Every key under ``prefix`` with its type and value: to prove "nothing was written"."""
    out: dict[str, Any] = {}
    async for key in r.scan_iter(match=f"{prefix}*", count=1000):
        kind = await r.type(key)
        if kind == "string":
            out[key] = await r.get(key)
        elif kind == "hash":
            out[key] = await r.hgetall(key)
        elif kind == "list":
            out[key] = await r.lrange(key, 0, -1)
        elif kind == "set":
            out[key] = sorted(await r.smembers(key))
        elif kind == "zset":
            out[key] = await r.zrange(key, 0, -1, withscores=True)
        elif kind == "stream":
            out[key] = (await r.xlen(key), await r.xpending(key, "shipping"))
    return out


async def eventually(check: Callable[[], Awaitable[bool]], deadline_s: float = 3.0) -> None:
    """Poll ``check`` until it is true; fail at the deadline. (No sleeping "long enough".)"""
    end = time.monotonic() + deadline_s
    while not await check():
        assert time.monotonic() < end, "condition not met before the deadline"
        await asyncio.sleep(0.005)
