"""HMAC request signing: the canonical string, the happy paths, and the constant-time compare."""

from __future__ import annotations

import hmac
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from day19_signatures.app import create_app
from day19_signatures.canonical import canonical_query, canonical_request
from day19_signatures.keys import DEVELOPMENT_CLIENT_SECRETS, SignatureSettings
from day19_signatures.request_signing import sign
from day19_signatures.tests.helpers import (
    MOBILE_SECRET,
    ORDER,
    FakeClock,
    assert_problem,
    web_auth,
)

README = Path(__file__).parent.parent / "README.md"


def test_canonical_request_is_the_documented_test_vector() -> None:
    """The README's worked example, byte for byte: learners check their own code against it."""
    canonical = canonical_request(
        method="post",
        path="/orders",
        query="",
        key_id="shop-web",
        timestamp=1_700_000_000,
        nonce="k7Qp2xVn9LmR4sTa",
        body=b'{"item":"green tea","quantity":2}',
    )
    assert canonical.split("\n") == [
        "DAY19-HMAC-SHA256",
        "POST",
        "/orders",
        "",
        "shop-web",
        "1700000000",
        "k7Qp2xVn9LmR4sTa",
        "a7172d01b91989f316a693905104db949b93abfbc17ae77bd7a565ba330f42a9",
    ]
    signature = sign(DEVELOPMENT_CLIENT_SECRETS["shop-web"].encode(), canonical)
    assert signature == "cbcb04b4fd980460a0abc65a18e97c744625fea896992a5e62a15d6bfec1b79d"
    readme = README.read_text()
    assert signature in readme and canonical in readme


@pytest.mark.parametrize(
    "query", ["limit=5&note=x%20y", "note=x+y&limit=5", "note=x%20y&limit=5", "limit=%35&note=x y"]
)
def test_query_is_sorted_and_encoded_one_way(query: str) -> None:
    assert canonical_query(query) == "limit=5&note=x%20y"


def test_every_field_changes_the_signature() -> None:
    base = {
        "method": "POST",
        "path": "/orders",
        "query": "a=1",
        "key_id": "shop-web",
        "timestamp": 1,
        "nonce": "n" * 16,
        "body": b"{}",
    }
    changes = {
        "method": "PUT",
        "path": "/orders/1",
        "query": "a=2",
        "key_id": "shop-mobile",
        "timestamp": 2,
        "nonce": "m" * 16,
        "body": b"{ }",
    }
    signatures = {sign(b"k", canonical_request(**base))}  # type: ignore[arg-type]
    for field, value in changes.items():
        signatures.add(sign(b"k", canonical_request(**(base | {field: value}))))  # type: ignore[arg-type]
    assert len(signatures) == 1 + len(changes)


async def test_signed_order_is_accepted_and_owned_by_its_signer(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    web, mobile = web_auth(clock), web_auth(clock, secret=MOBILE_SECRET, key_id="shop-mobile")
    created = await client.post("/orders", json=ORDER, auth=web)
    assert created.status_code == 201
    assert created.json() == {"id": 1, **ORDER, "client": "shop-web"}
    assert (
        await client.post("/orders", json=ORDER | {"quantity": 9}, auth=mobile)
    ).status_code == 201

    mine = await client.get("/orders", params={"limit": 10}, auth=web)
    assert [o["id"] for o in mine.json()] == [1]
    assert (await client.get("/orders/1", auth=web)).json()["client"] == "shop-web"
    # The key id is the identity: shop-mobile cannot read shop-web's order.
    assert_problem(await client.get("/orders/1", auth=mobile), 404)


async def test_body_digest_is_over_the_raw_bytes(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    """Odd but valid JSON, signed as sent, is accepted: the server hashes bytes, not a re-dump."""
    odd = b'{ "quantity" : 2 ,\n  "item":"green tea" }'
    response = await client.post("/orders", content=odd, auth=web_auth(clock))
    assert response.status_code == 201 and response.json()["item"] == "green tea"


async def test_within_the_window_both_ways_is_accepted(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    """Clock skew: a client up to window_s behind or ahead of the server still gets in."""
    for offset in (-299, 299):
        skewed = FakeClock(clock.now + offset)
        assert (await client.post("/orders", json=ORDER, auth=web_auth(skewed))).status_code == 201


async def test_signatures_are_compared_in_constant_time(
    client: httpx.AsyncClient, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict comes from hmac.compare_digest: make it say "no" and a valid request fails."""
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest
    verdict: dict[str, bool] = {}

    def recording(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return verdict.get("force", real(a, b))

    monkeypatch.setattr(hmac, "compare_digest", recording)
    sent = await client.post("/orders", json=ORDER, auth=web_auth(clock))
    assert sent.status_code == 201
    assert calls == [(sent.request.headers["x-signature"].encode(),) * 2]

    verdict["force"] = False
    assert_problem(await client.post("/orders", json=ORDER, auth=web_auth(clock)), 401)
    assert len(calls) == 2


def test_production_refuses_the_development_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from shared.settings import get_settings

    monkeypatch.setenv("ENVIRONMENT", "production")
    get_settings.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="development signing keys"):
            create_app(SignatureSettings())
    finally:
        monkeypatch.delenv("ENVIRONMENT")
        get_settings.cache_clear()
