"""Async errors: from an awaited coroutine, and from a task in a TaskGroup."""

from __future__ import annotations

import httpx
import pytest

from day09_error_handling.bank import AccountNotFound, Bank
from day09_error_handling.statement import statement

from .conftest import assert_problem


async def test_an_error_deep_in_awaited_coroutines_arrives_unchanged():
    with pytest.raises(AccountNotFound):
        await Bank().transfer(1, 2, 10, "")  # transfer -> get -> raise


async def test_a_taskgroup_wraps_the_failure_in_an_exception_group():
    with pytest.raises(ExceptionGroup) as caught:
        await statement(Bank(), 7)
    assert caught.group_contains(AccountNotFound)


async def test_the_handler_still_answers_that_group_as_a_404(client: httpx.AsyncClient):
    body = assert_problem(await client.get("/accounts/7/statement"), 404)
    assert body["type"] == "/problems/account-not-found"


async def test_a_statement_reads_both_halves(client: httpx.AsyncClient):
    await client.post("/transfers", json={"from_account": 1, "to_account": 2, "amount": 5})
    r = await client.get("/accounts/2/statement")
    assert r.status_code == 200
    assert r.json()["account"]["balance"] == 5_005
    assert [t["amount"] for t in r.json()["transfers"]] == [5]
