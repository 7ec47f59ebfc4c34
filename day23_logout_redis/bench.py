"""``python -m course bench 23``: what one authenticated request costs, token vs session.

Times the pieces of each design's check, on the Redis the lesson would use (``REDIS_URL``,
else a private redis-server on loopback):

* **JWT + denylist** — verify the signature and claims (CPU, no I/O), then one ``GET``;
* **session** — one ``MULTI`` with ``HGETALL`` + ``EXPIRE`` (no signature at all);

and then both whole routes through the app (``GET /me`` vs ``GET /sessions/me`` over ASGI,
middleware and error handling included). On loopback the Redis round trip is tens of
microseconds; across a network it is a few hundred, and it is then the cost that dominates
both designs — which is why the denylist check is one ``GET`` and the session read one
transaction. Its keys live under ``day23:bench:<random>:`` and are deleted afterwards.

    python -m course bench 23 [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx

from day23_logout_redis.app import create_app
from day23_logout_redis.denylist import is_revoked
from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.sessions import SessionStore
from day23_logout_redis.users import demo_users
from shared.tokens import TokenSettings, issue, verify


async def per_call_us(n: int, call: Callable[[], Awaitable[object]]) -> float:
    for _ in range(min(n, 100)):  # warm up: connections, caches
        await call()
    started = time.perf_counter()
    for _ in range(n):
        await call()
    return (time.perf_counter() - started) / n * 1e6


async def run(n: int) -> None:
    prefix = f"day23:bench:{uuid.uuid4().hex[:8]}:"
    settings = TokenSettings()
    app = create_app(key_prefix=prefix, token_settings=settings)
    logging.getLogger("course").setLevel(logging.WARNING)  # not one access-log line per call
    ring, policy = app.state.keys, app.state.policy
    token = issue(ring, policy, "ada")
    async with app.router.lifespan_context(app):
        redis = app.state.redis
        keys = Keyspace(prefix)
        store = SessionStore(redis, keys)
        session_id, _ = await store.create(demo_users()["ada"])
        transport = httpx.ASGITransport(app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="https://bench") as http:
                bearer = {"Authorization": f"Bearer {token.token}"}
                cookie = {"Cookie": f"__Host-session={session_id}"}

                async def verify_only() -> object:
                    return verify(token.token, ring, policy)

                rows = [
                    ("JWT: verify (EdDSA + claims)", await per_call_us(n, verify_only)),
                    (
                        "JWT: denylist GET",
                        await per_call_us(n, lambda: is_revoked(redis, keys, token.claims["jti"])),
                    ),
                    ("session: MULTI HGETALL+EXPIRE", await per_call_us(n, lambda: store.load(session_id))),
                    ("GET /me          (whole route)", await per_call_us(n, lambda: http.get("/me", headers=bearer))),
                    ("GET /sessions/me (whole route)", await per_call_us(n, lambda: http.get("/sessions/me", headers=cookie))),
                ]  # fmt: skip
        finally:
            stale = [key async for key in redis.scan_iter(match=keys.pattern())]
            if stale:
                await redis.delete(*stale)
    print(f"{'step':<32} {'µs per call':>12}   ({n} calls each)")
    for label, us in rows:
        print(f"{label:<32} {us:>12.1f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 23")
    parser.add_argument("--requests", type=int, default=2000, help="calls per measurement")
    args = parser.parse_args(argv)
    asyncio.run(run(args.requests))
    return 0
