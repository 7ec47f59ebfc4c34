"""Properly signed but bad bodies: 4xx problem+json, and nothing written."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from day19_signatures.tests.helpers import FakeClock, assert_problem, provider, web_auth
from shared.settings import get_settings

BAD_ORDERS = {
    "malformed json": b'{"item": "tea", "quantity": ',
    "empty body": b"",
    "unknown field": b'{"item": "tea", "quantity": 1, "discount": 99}',
    "wrong type": b'{"item": "tea", "quantity": "lots"}',
    "out of range": b'{"item": "tea", "quantity": 0}',
    "not an object": b"[1, 2]",
}


@pytest.mark.parametrize("body", BAD_ORDERS.values(), ids=BAD_ORDERS.keys())
async def test_bad_order_body_is_422(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock, body: bytes
) -> None:
    response = await client.post("/orders", content=body, auth=web_auth(clock))
    errors = assert_problem(response, 422)["errors"]
    assert errors and errors[0]["loc"][0] == "body"
    assert app.state.orders == []


BAD_EVENTS = {
    "malformed json": b'{"type": ',
    "unknown field": (
        b'{"type": "payment.succeeded", "timestamp": "2025-01-01T00:00:00Z", "extra": 1,'
        b' "data": {"payment_id": "pay_1", "amount_cents": 1, "currency": "EUR"}}'
    ),
    "unknown event type": (
        b'{"type": "payment.stolen", "timestamp": "2025-01-01T00:00:00Z",'
        b' "data": {"payment_id": "pay_1", "amount_cents": 1, "currency": "EUR"}}'
    ),
}


@pytest.mark.parametrize("body", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
async def test_bad_webhook_body_is_422(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock, body: bytes
) -> None:
    headers = provider(clock).headers_for(body)
    assert_problem(await client.post("/webhooks/payments", content=body, headers=headers), 422)
    assert app.state.events == []


@pytest.mark.parametrize("path", ["/orders", "/webhooks/payments"])
async def test_oversized_body_is_413_before_anything_else(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock, path: str
) -> None:
    huge = b'{"item": "' + b"x" * get_settings().max_body_bytes + b'", "quantity": 1}'
    headers = provider(clock).headers_for(huge) if path.startswith("/webhooks") else {}
    auth = web_auth(clock) if path == "/orders" else None
    response = await client.post(path, content=huge, headers=headers, auth=auth)
    assert_problem(response, 413)
    assert app.state.orders == [] and app.state.events == []
    assert len(app.state.request_verifier.nonces) == 0


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=many"])
async def test_bad_list_query_is_422(
    client: httpx.AsyncClient, clock: FakeClock, query: str
) -> None:
    assert_problem(await client.get(f"/orders?{query}", auth=web_auth(clock)), 422)
    assert_problem(await client.get(f"/webhooks/events?{query}"), 422)


async def test_unsigned_order_reveals_no_validation_details(client: httpx.AsyncClient) -> None:
    """Signature first, parsing second: a stranger's bad body gets 401, not a list of fields."""
    body = assert_problem(await client.post("/orders", content=b"{nope"), 401)
    assert "errors" not in body


@pytest.mark.parametrize("order_id", ["0", "abc", str(2**40)])
async def test_bad_order_id_is_422(
    client: httpx.AsyncClient, clock: FakeClock, order_id: str
) -> None:
    assert_problem(await client.get(f"/orders/{order_id}", auth=web_auth(clock)), 422)
