"""Domain errors map to status codes and problem types; a refused request writes nothing."""

from __future__ import annotations

import httpx
import pytest

from day09_error_handling.bank import AccountNotFound, InsufficientFunds

from .conftest import assert_problem


async def balances(client: httpx.AsyncClient) -> list[int]:
    return [(await client.get(f"/accounts/{i}")).json()["balance"] for i in (1, 2, 3)]


async def test_a_missing_account_is_404_with_its_problem_type(client: httpx.AsyncClient):
    body = assert_problem(await client.get("/accounts/99"), 404)
    assert body["type"] == "/problems/account-not-found"
    assert body["title"] == "Account not found"
    assert body["detail"] == "no account with id 99"
    assert body["account_id"] == 99  # an extension member


async def test_insufficient_funds_is_409_and_moves_nothing(client: httpx.AsyncClient, app):
    before = await balances(client)
    r = await client.post("/transfers", json={"from_account": 2, "to_account": 1, "amount": 5001})
    body = assert_problem(r, 409)
    assert body["type"] == "/problems/insufficient-funds"
    assert body["title"] == "Insufficient funds"
    assert (body["balance"], body["requested"]) == (5000, 5001)
    assert await balances(client) == before
    assert app.state.bank.transfers == []
    assert not app.state.jobs.done and not app.state.jobs.failed  # no receipt queued


async def test_a_transfer_to_a_missing_account_is_404_and_debits_nothing(client, app):
    before = await balances(client)
    r = await client.post("/transfers", json={"from_account": 1, "to_account": 42, "amount": 10})
    assert assert_problem(r, 404)["account_id"] == 42
    assert await balances(client) == before
    assert app.state.bank.transfers == []


async def test_a_good_transfer_moves_money(client: httpx.AsyncClient):
    r = await client.post(
        "/transfers", json={"from_account": 1, "to_account": 2, "amount": 250, "reference": "tea"}
    )
    assert r.status_code == 201
    assert r.headers["content-type"] == "application/json"
    assert await balances(client) == [10_000 - 250, 5_000 + 250, 0]


async def test_routing_errors_use_the_same_format(client: httpx.AsyncClient):
    assert_problem(await client.get("/no/such/route"), 404)
    r = await client.delete("/accounts/1")
    assert_problem(r, 405)
    assert r.headers["allow"] == "GET"


async def test_problem_types_are_documented_at_their_uri(client: httpx.AsyncClient):
    for error in (AccountNotFound, InsufficientFunds):
        r = await client.get(error.type)
        assert r.status_code == 200
        assert r.json()["status"] == error.status
        assert r.json()["title"] == error.title
    assert_problem(await client.get("/problems/made-up"), 404)


@pytest.mark.parametrize(
    ("error", "status"), [(AccountNotFound(1), 404), (InsufficientFunds(1, 0, 5), 409)]
)
def test_the_mapping_lives_on_the_exception(error, status):
    assert error.status == status
