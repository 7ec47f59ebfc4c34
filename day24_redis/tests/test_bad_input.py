"""Bad input: a 4xx problem+json, and nothing written to Redis (or to the catalogue)."""

from __future__ import annotations

import pytest

from day24_redis.catalogue import SlowCatalogue, starting_products
from shared.errors import PROBLEM_JSON

from .conftest import dump

LONG = "x" * 1001
CASES = [
    # (method, path, JSON body or raw bytes, expected status)
    ("PUT", "/strings/greeting", {"value": LONG}, 422),
    ("PUT", "/strings/greeting", {"value": "hi", "ttl_s": 0}, 422),
    ("PUT", "/strings/greeting", {"value": "hi", "ttl": 60}, 422),  # unknown field
    ("PUT", "/strings/a:b", {"value": "hi"}, 422),  # would reach into another namespace
    ("PUT", "/strings/a*", {"value": "hi"}, 422),  # a SCAN wildcard
    ("POST", "/strings/views/incr", {"by": "one"}, 422),
    ("POST", "/strings/views/incr", {"by": 10**7}, 422),
    ("PUT", "/profiles/ada", {"name": "Ada", "admin": True}, 422),
    ("PUT", "/profiles/ada", {"name": "A" * 81}, 422),
    ("PUT", "/profiles/ada", {"city": "London"}, 422),
    ("POST", "/queue/jobs", {"job": ""}, 422),
    ("POST", "/queue/jobs", {"job": "j" * 201}, 422),
    ("POST", "/queue/jobs/take", {"wait_ms": 1001}, 422),  # would outlast the socket timeout
    ("POST", "/sets/python", {"members": []}, 422),
    ("POST", "/sets/python", {"members": [f"m{i}" for i in range(101)]}, 422),
    ("POST", "/sets/python", {"members": ["ok", "not:ok"]}, 422),
    ("GET", "/sets/python/common", None, 422),  # no "with"
    ("PUT", "/leaderboards/weekly/players/ada", {"score": "lots"}, 422),
    ("PUT", "/leaderboards/weekly/players/ada", b'{"score": NaN}', 422),
    ("PUT", "/leaderboards/weekly/players/ada", b'{"score": Infinity}', 422),
    ("PUT", "/leaderboards/weekly/players/ada", {"score": 1e13}, 422),
    ("PUT", "/leaderboards/weekly/players/ada", {"score": 1, "bonus": 5}, 422),
    ("POST", "/leaderboards/weekly/players/ada/points", {"points": "ten"}, 422),
    ("GET", "/leaderboards/weekly?n=0", None, 422),
    ("POST", "/streams/orders", {"item": "kettle", "qty": 0}, 422),
    ("POST", "/streams/orders", {"item": "kettle", "qty": 1, "rush": True}, 422),
    ("POST", "/streams/orders/read", {"consumer": "c 1"}, 422),
    ("POST", "/streams/orders/read", {"consumer": "c1", "block_ms": 5000}, 422),
    ("POST", "/streams/orders/ack", {"ids": ["1"]}, 422),
    ("POST", "/streams/orders/ack", {"ids": ["99999999999999999999-0"]}, 422),
    ("POST", "/streams/orders/claim", {"consumer": "c2", "min_idle_ms": -1}, 422),
    ("POST", "/pubsub/news", {"message": LONG}, 422),
    ("POST", "/pubsub/news", {"message": ""}, 422),
    ("POST", "/pipeline/strings", {"values": {f"k{i}": "v" for i in range(1001)}}, 422),
    ("POST", "/pipeline/strings", {"values": {"ok": "v", "not:ok": "v"}}, 422),
    ("POST", "/pipeline/strings", {"values": {"ok": LONG}}, 422),
    ("PUT", "/accounts/alice", {"balance": -1}, 422),
    ("PUT", "/accounts/alice", {"balance": 1.5}, 422),
    ("POST", "/transfers", {"source": "alice", "target": "alice", "amount": 5}, 422),
    ("POST", "/transfers", {"source": "alice", "target": "bob", "amount": 0}, 422),
    ("POST", "/transfers", {"source": "alice", "target": "bob", "amount": 5, "memo": 1}, 422),
    ("POST", "/lua/cas/config", {"expected": "v1", "new": LONG}, 422),
    ("POST", "/lua/cas/config", {"new": "v2"}, 422),  # expected is required (null allowed)
    ("POST", "/lua/counters/api", {"limit": 0}, 422),
    ("POST", "/lua/counters/api", {"window_ms": 0}, 422),
    ("PUT", "/products/1", {"name": "Mug", "price_cents": -5}, 422),
    ("PUT", "/products/1", {"name": "Mug", "price_cents": 500, "stock": 3}, 422),
    ("PUT", "/products/0", {"name": "Mug", "price_cents": 500}, 422),
    ("PUT", "/products/999", {"name": "Mug", "price_cents": 500}, 404),
    ("PUT", "/strings/big", b'{"value": "' + b"x" * 1_100_000 + b'"}', 413),
    ("POST", "/queue/jobs", b"not json", 422),
]


@pytest.fixture
def catalogue() -> SlowCatalogue:
    return SlowCatalogue(delay_s=0)  # these tests are about refusals, not about slowness


async def send(client, method: str, path: str, body: object):  # type: ignore[no-untyped-def]
    if isinstance(body, bytes):
        headers = {"content-type": "application/json"}
        return await client.request(method, path, content=body, headers=headers)
    return await client.request(method, path, json=body)


async def test_bad_input_is_refused_and_nothing_is_written(
    client, redis_client, redis_prefix, catalogue
) -> None:
    """Every case in CASES, one app: each failing case is listed, not only the first."""
    await client.get("/products/1")  # something cached, so "unchanged" means something
    failures = []
    for method, path, body, status in CASES:
        before = await dump(redis_client, redis_prefix)
        r = await send(client, method, path, body)
        problems = []
        if r.status_code != status:
            problems.append(f"answered {r.status_code}, not {status}: {r.text[:200]}")
        elif r.headers["content-type"] != PROBLEM_JSON or r.json()["status"] != status:
            problems.append(f"not a problem+json body: {r.text[:200]}")
        if await dump(redis_client, redis_prefix) != before:
            problems.append("Redis changed")
        if catalogue.products != starting_products():
            problems.append("the catalogue changed")
        if problems:
            failures.append(f"{method} {path} {str(body)[:60]}: {'; '.join(problems)}")
    assert not failures, "\n".join(failures)
    assert len(CASES) >= 50


async def test_the_checker_sees_a_write(client, redis_client, redis_prefix) -> None:
    """The "nothing written" check above would notice a write (a good request changes Redis)."""
    before = await dump(redis_client, redis_prefix)
    await send(client, "PUT", "/strings/greeting", {"value": "hi"})
    assert await dump(redis_client, redis_prefix) != before
