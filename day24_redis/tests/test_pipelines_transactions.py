"""Pipelines (one round trip, not atomic), MULTI/EXEC, and WATCH retrying a transfer."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import ResponseError

from day24_redis.pipelines import partial_failure, set_one_by_one, set_pipelined
from day24_redis.transactions import collide, transfer, transfer_without_watch

from .conftest import assert_problem


@pytest.fixture
def sends(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """What the client wrote to the socket, one entry per write: one per round trip.

    A new connection's handshake (CLIENT SETINFO) is left out: it is not ours.
    """
    calls: list[bytes] = []
    original = AbstractConnection.send_packed_command

    async def counting(self, command, check_health=True):  # type: ignore[no-untyped-def]
        data = command if isinstance(command, bytes | str) else b"".join(command)
        if b"SETINFO" not in data:
            calls.append(data)
        return await original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return calls


async def test_a_pipeline_is_one_round_trip_one_by_one_is_n(redis_client, keys, sends) -> None:
    items = {keys.key("bulk", i): str(i) for i in range(100)}
    sends.clear()
    await set_one_by_one(redis_client, items)
    assert len(sends) == 100
    sends.clear()
    replies = await set_pipelined(redis_client, items)
    assert len(sends) == 1 and replies == [True] * 100
    assert await redis_client.get(keys.key("bulk", 99)) == "99"


async def test_a_pipeline_is_not_atomic_a_failed_command_undoes_nothing(redis_client, keys) -> None:
    a, text, b = keys.key("p", "a"), keys.key("p", "text"), keys.key("p", "b")
    replies = await partial_failure(redis_client, a, text, b)
    assert replies[0] is True and replies[2] is True
    assert isinstance(replies[1], ResponseError)
    assert await redis_client.mget(a, text, b) == ["1", "hello", "3"]


async def test_bulk_endpoint_writes_every_string_in_one_pipeline(
    client, redis_client, keys, sends
) -> None:
    values = {f"k{i}": f"v{i}" for i in range(50)}
    r = await client.post("/pipeline/strings", json={"values": values})
    assert r.json() == {"written": 50, "round_trips": 1}
    assert len(sends) == 1
    assert (await client.get("/strings/k7")).json()["value"] == "v7"


async def open_accounts(client, **balances: int) -> None:
    for name, balance in balances.items():
        assert (await client.put(f"/accounts/{name}", json={"balance": balance})).status_code == 200


async def test_transfer_moves_money_and_logs_it_in_one_multi_exec(
    client, redis_client, keys
) -> None:
    await open_accounts(client, alice=100, bob=0)
    r = await client.post("/transfers", json={"source": "alice", "target": "bob", "amount": 30})
    assert r.json() == {
        "source": "alice", "target": "bob", "amount": 30,
        "source_balance": 70, "target_balance": 30, "attempts": 1,
    }  # fmt: skip
    assert (await client.get("/accounts/bob")).json() == {"name": "bob", "balance": 30}
    log = await redis_client.lrange(keys.key("transfers"), 0, -1)
    assert log == ['{"source": "alice", "target": "bob", "amount": 30}']


async def test_watch_makes_the_loser_of_a_collision_retry(client, redis_client, keys) -> None:
    """Both transfers read 100 before either writes: EXEC fails for one, which retries."""
    await open_accounts(client, alice=100, bob=0)
    results = await asyncio.gather(
        *(transfer(redis_client, keys, "alice", "bob", 30, pause=p) for p in collide(2))
    )
    assert sorted(t.attempts for t in results) == [1, 2]
    assert await redis_client.mget(keys.key("account", "alice"), keys.key("account", "bob")) == [
        "40",
        "60",
    ]


async def test_without_watch_the_same_collision_loses_a_transfer(
    client, redis_client, keys
) -> None:
    await open_accounts(client, alice=100, bob=0)
    await asyncio.gather(
        *(
            transfer_without_watch(redis_client, keys, "alice", "bob", 30, pause=p)
            for p in collide(2)
        )
    )
    # Both "succeeded", yet only 30 moved: the second write overwrote the first.
    assert await redis_client.mget(keys.key("account", "alice"), keys.key("account", "bob")) == [
        "70",
        "30",
    ]


async def test_watch_rechecks_funds_on_retry(client, redis_client, keys) -> None:
    """Two transfers of 60 from 100: the retry sees 40 left and refuses — never negative."""
    await open_accounts(client, alice=100, bob=0)
    results = await asyncio.gather(
        *(transfer(redis_client, keys, "alice", "bob", 60, pause=p) for p in collide(2)),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and type(refused[0]).__name__ == "InsufficientFunds"
    assert await redis_client.get(keys.key("account", "alice")) == "40"


async def test_concurrent_transfers_over_http_keep_the_total(client) -> None:
    """12 transfers at once, each sharing an account with every other: heavy contention.

    Each one either happens exactly once (200) or, after MAX_ATTEMPTS collisions, not at all
    (409) — and no money is created or lost either way.
    """
    await open_accounts(client, alice=1000, bob=1000, carol=1000)
    pairs = [("alice", "bob"), ("bob", "carol"), ("carol", "alice")] * 4
    answers = await asyncio.gather(
        *(client.post("/transfers", json={"source": s, "target": t, "amount": 7}) for s, t in pairs)
    )
    assert {r.status_code for r in answers} <= {200, 409}
    expected = {"alice": 1000, "bob": 1000, "carol": 1000}
    for (source, target), r in zip(pairs, answers, strict=True):
        if r.status_code == 200:
            expected[source] -= 7
            expected[target] += 7
    balances = {n: (await client.get(f"/accounts/{n}")).json()["balance"] for n in expected}
    assert balances == expected and sum(balances.values()) == 3000
    assert sum(r.status_code == 200 for r in answers) >= 6


async def test_insufficient_funds_is_409_and_nothing_moves(client, redis_client, keys) -> None:
    await open_accounts(client, alice=10, bob=0)
    r = await client.post("/transfers", json={"source": "alice", "target": "bob", "amount": 11})
    body = assert_problem(r, 409)
    assert body["type"] == "/problems/insufficient-funds" and body["balance"] == 10
    assert await redis_client.mget(keys.key("account", "alice"), keys.key("account", "bob")) == [
        "10",
        "0",
    ]
    assert not await redis_client.exists(keys.key("transfers"))
    missing = await client.post(
        "/transfers", json={"source": "alice", "target": "zed", "amount": 1}
    )
    assert_problem(missing, 404)
