"""Validation errors: 422 problem listing the fields, never echoing the input; nothing written."""

from __future__ import annotations

import httpx
import pytest

from shared.settings import get_settings

from .conftest import assert_problem

SECRET = "s3cr3t-value-do-not-echo"


async def test_each_bad_field_is_listed_without_its_value(client: httpx.AsyncClient, app):
    r = await client.post(
        "/accounts",
        json={"owner": "", "email": SECRET, "opening_balance": -1, "password": SECRET},
    )
    body = assert_problem(r, 422)
    assert {tuple(e["loc"]) for e in body["errors"]} == {
        ("body", "owner"),
        ("body", "email"),
        ("body", "opening_balance"),
        ("body", "password"),  # unknown fields are refused, not ignored
    }
    assert all(e.keys() == {"loc", "msg", "type"} for e in body["errors"])
    assert SECRET not in r.text
    assert len(app.state.bank.accounts) == 3  # the seed only


@pytest.mark.parametrize(
    "payload",
    [
        {"from_account": 1, "to_account": 1, "amount": 5},  # same account: a model rule
        {"from_account": 1, "to_account": 2, "amount": 0},
        {"from_account": 1, "to_account": 2, "amount": 10**12},
        {"from_account": 1, "to_account": 2, "amount": 5, "reference": "x" * 141},
        {"from_account": "one", "to_account": 2, "amount": 5},
        {"from_account": 1, "to_account": 2},
    ],
)
async def test_bad_transfers_are_422_and_write_nothing(client, app, payload):
    assert_problem(await client.post("/transfers", json=payload), 422)
    assert app.state.bank.transfers == []
    assert [a.balance for a in app.state.bank.accounts.values()] == [10_000, 5_000, 0]


async def test_broken_json_is_422_without_echo(client: httpx.AsyncClient):
    r = await client.post(
        "/transfers",
        content=b'{"from_account": ' + SECRET.encode(),
        headers={"Content-Type": "application/json"},
    )
    body = assert_problem(r, 422)
    assert body["errors"][0]["type"] == "json_invalid"
    assert SECRET not in r.text


async def test_an_oversized_body_is_413_and_writes_nothing(client, app):
    big = "x" * (get_settings().max_body_bytes + 1)
    r = await client.post("/accounts", json={"owner": big, "email": "a@b.co"})
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["x-request-id"]  # RequestContext is outside the body limit
    assert len(app.state.bank.accounts) == 3


@pytest.mark.parametrize("path", ["/accounts/0", "/accounts/abc", f"/accounts/{2**40}"])
async def test_bad_path_parameters_are_422(client: httpx.AsyncClient, path: str):
    assert assert_problem(await client.get(path), 422)["errors"][0]["loc"][0] == "path"


async def test_openapi_documents_422_and_domain_errors_as_problem(client: httpx.AsyncClient):
    spec = (await client.get("/openapi.json")).json()
    responses = spec["paths"]["/transfers"]["post"]["responses"]
    for status in ("404", "409", "422"):
        content = responses[status]["content"]
        assert content == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance"} <= problem["properties"].keys()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
