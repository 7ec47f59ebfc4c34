"""Every attack the README's "Break it" names, tried against the lesson's app, and refused.

Each forged request is built from *fresh* signed headers (never sent before), so a refusal
proves the check under test — not the replay check catching a nonce already used. And each
test ends by checking that nothing was written: no order, no event, no nonce remembered.
"""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from fastapi import FastAPI

from day19_signatures.request_signing import KEY_ID, NONCE, SIGNATURE, TIMESTAMP
from day19_signatures.signing_client import HmacAuth
from day19_signatures.tests.helpers import (
    EVENT,
    MOBILE_SECRET,
    ORDER,
    WINDOW_S,
    FakeClock,
    assert_problem,
    key_pair,
    provider,
    web_auth,
)

INVALID = "/problems/signature-invalid"
COMPACT = json.dumps(ORDER, separators=(",", ":")).encode()


def fresh(auth: HmacAuth, method: str, path: str, body: bytes = b"", query: str = "") -> dict:
    """Headers signed for this request, as the client would send them — not yet used."""
    return auth.headers_for(method, path, query, body) | {"content-type": "application/json"}


def nothing_written(app: FastAPI, orders: int = 0) -> None:
    assert len(app.state.orders) == orders
    assert len(app.state.request_verifier.nonces) == orders  # one nonce per accepted request


# --- HMAC-signed requests ---------------------------------------------------------------


async def test_tampered_body(client: httpx.AsyncClient, app: FastAPI, clock: FakeClock) -> None:
    headers = fresh(web_auth(clock), "POST", "/orders", COMPACT)
    tampered = COMPACT.replace(b'"quantity":2', b'"quantity":200')
    assert_problem(await client.post("/orders", content=tampered, headers=headers), 401, INVALID)
    nothing_written(app)


async def test_reserialised_json_with_other_whitespace(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    """Same JSON *value*, other bytes: a proxy that re-serialises the body breaks the signature."""
    headers = fresh(web_auth(clock), "POST", "/orders", COMPACT)
    reserialised = json.dumps(json.loads(COMPACT), indent=2).encode()
    assert json.loads(reserialised) == json.loads(COMPACT)
    response = await client.post("/orders", content=reserialised, headers=headers)
    assert_problem(response, 401, INVALID)
    nothing_written(app)


async def test_tampered_path(client: httpx.AsyncClient, app: FastAPI, clock: FakeClock) -> None:
    auth = web_auth(clock)
    for _ in range(2):  # orders 1 and 2, both shop-web's
        assert (await client.post("/orders", json=ORDER, auth=auth)).status_code == 201
    headers = fresh(auth, "GET", "/orders/1")
    assert_problem(await client.get("/orders/2", headers=headers), 401, INVALID)
    nothing_written(app, orders=2)


async def test_tampered_query(client: httpx.AsyncClient, app: FastAPI, clock: FakeClock) -> None:
    headers = fresh(web_auth(clock), "GET", "/orders", query="limit=1")
    assert_problem(await client.get("/orders?limit=100", headers=headers), 401, INVALID)
    nothing_written(app)


async def test_tampered_method(client: httpx.AsyncClient, app: FastAPI, clock: FakeClock) -> None:
    headers = fresh(web_auth(clock), "GET", "/orders")
    assert_problem(await client.post("/orders", headers=headers), 401, INVALID)
    nothing_written(app)


async def test_replayed_request(client: httpx.AsyncClient, app: FastAPI, clock: FakeClock) -> None:
    first = await client.post("/orders", json=ORDER, auth=web_auth(clock))
    assert first.status_code == 201
    sent = first.request
    again = await client.post("/orders", content=sent.content, headers=sent.headers)
    assert_problem(again, 401, "/problems/replayed")
    nothing_written(app, orders=1)


async def test_stale_timestamp(client: httpx.AsyncClient, app: FastAPI, clock: FakeClock) -> None:
    late = FakeClock(clock.now - WINDOW_S - 1)
    response = await client.post("/orders", json=ORDER, auth=web_auth(late))
    body = assert_problem(response, 401, "/problems/timestamp-outside-window")
    assert body["server_time"] == int(clock.now) and body["window_s"] == WINDOW_S
    nothing_written(app)


async def test_future_timestamp_beyond_window(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    early = FakeClock(clock.now + WINDOW_S + 1)
    response = await client.post("/orders", json=ORDER, auth=web_auth(early))
    assert "future" in assert_problem(response, 401, "/problems/timestamp-outside-window")["detail"]
    nothing_written(app)


async def test_wrong_key_id(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """An unknown key id is answered exactly like a bad signature; only the log tells them apart."""
    caplog.set_level(logging.INFO, logger="day19.signatures")
    unknown = web_auth(clock, secret=b"whatever", key_id="shop-tablet")
    wrong = web_auth(clock, secret=b"whatever")
    seen = []
    for auth in (unknown, wrong):
        body = assert_problem(await client.post("/orders", json=ORDER, auth=auth), 401, INVALID)
        seen.append((body["type"], body["title"], body["detail"]))
    assert seen[0] == seen[1]
    assert "unknown key id" in caplog.text and "signature mismatch" in caplog.text
    nothing_written(app)


async def test_signature_from_another_secret(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    """shop-mobile's secret does not sign for shop-web: each client has its own."""
    impostor = web_auth(clock, secret=MOBILE_SECRET, key_id="shop-web")
    assert_problem(await client.post("/orders", json=ORDER, auth=impostor), 401, INVALID)
    nothing_written(app)


@pytest.mark.parametrize("missing", [KEY_ID, TIMESTAMP, NONCE, SIGNATURE])
async def test_missing_headers(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock, missing: str
) -> None:
    headers = fresh(web_auth(clock), "POST", "/orders", COMPACT)
    del headers[missing]
    response = await client.post("/orders", content=COMPACT, headers=headers)
    assert missing in assert_problem(response, 401, "/problems/signature-missing")["detail"]
    nothing_written(app)


async def test_truncated_signature(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    headers = fresh(web_auth(clock), "POST", "/orders", COMPACT)
    headers[SIGNATURE] = headers[SIGNATURE][:32]
    response = await client.post("/orders", content=COMPACT, headers=headers)
    assert_problem(response, 400, "/problems/signature-malformed")
    nothing_written(app)


@pytest.mark.parametrize(
    ("header", "garbage"),
    [(SIGNATURE, "z" * 64), (SIGNATURE, "A" * 64), (TIMESTAMP, "yesterday"), (NONCE, "short")],
)
async def test_garbage_headers(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock, header: str, garbage: str
) -> None:
    headers = fresh(web_auth(clock), "POST", "/orders", COMPACT) | {header: garbage}
    response = await client.post("/orders", content=COMPACT, headers=headers)
    assert header in assert_problem(response, 400, "/problems/signature-malformed")["detail"]
    nothing_written(app)


# --- Ed25519-signed webhooks ------------------------------------------------------------

WEBHOOK = "/webhooks/payments"
EVENT_BODY = json.dumps(EVENT, separators=(",", ":")).encode()


def no_events(app: FastAPI, events: int = 0) -> None:
    assert len(app.state.events) == events
    assert len(app.state.webhook_verifier.seen) == events


async def test_webhook_signed_by_another_key(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    """Somebody else's key pair — say, a receiver's — cannot speak for the provider."""
    attacker_secret, _ = key_pair()
    headers = provider(clock, attacker_secret).headers_for(EVENT_BODY)
    assert_problem(await client.post(WEBHOOK, content=EVENT_BODY, headers=headers), 401, INVALID)
    no_events(app)


async def test_webhook_replay(client: httpx.AsyncClient, app: FastAPI, clock: FakeClock) -> None:
    first = await provider(clock).deliver(client, WEBHOOK, EVENT)
    assert first.status_code == 200
    again = await client.post(WEBHOOK, content=first.request.content, headers=first.request.headers)
    assert_problem(again, 401, "/problems/replayed")
    no_events(app, events=1)


async def test_webhook_replay_with_a_fresh_id(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    """The id is signed: renaming a captured delivery to dodge the id check breaks it."""
    first = await provider(clock).deliver(client, WEBHOOK, EVENT)
    headers = dict(first.request.headers) | {"webhook-id": "msg_brand_new"}
    again = await client.post(WEBHOOK, content=first.request.content, headers=headers)
    assert_problem(again, 401, INVALID)
    no_events(app, events=1)


async def test_webhook_with_changed_body(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    headers = provider(clock).headers_for(EVENT_BODY)
    changed = EVENT_BODY.replace(b"1250", b"125000")
    assert_problem(await client.post(WEBHOOK, content=changed, headers=headers), 401, INVALID)
    no_events(app)


async def test_webhook_stale_timestamp(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    headers = provider(FakeClock(clock.now - WINDOW_S - 1)).headers_for(EVENT_BODY)
    response = await client.post(WEBHOOK, content=EVENT_BODY, headers=headers)
    assert_problem(response, 401, "/problems/timestamp-outside-window")
    no_events(app)


async def test_webhook_with_only_an_hmac_signature(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    """A ``v1`` (HMAC) entry proves nothing to a receiver that only trusts ``v1a`` (Ed25519)."""
    headers = provider(clock).headers_for(EVENT_BODY)
    headers["webhook-signature"] = "v1," + headers["webhook-signature"].partition(",")[2]
    assert_problem(await client.post(WEBHOOK, content=EVENT_BODY, headers=headers), 401, INVALID)
    no_events(app)


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("webhook-signature", None, 401),
        ("webhook-id", None, 401),
        ("webhook-timestamp", None, 401),
        ("webhook-signature", "v1a,not-base64!", 400),
        ("webhook-signature", "v1a,AAAA", 400),  # base64, but not 64 bytes
        ("webhook-signature", "v1aAAAA", 400),
        ("webhook-id", "msg.with.dots", 400),
        ("webhook-timestamp", "-5", 400),
    ],
)
async def test_webhook_missing_or_malformed_headers(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: FakeClock,
    header: str,
    value: str | None,
    status: int,
) -> None:
    headers = provider(clock).headers_for(EVENT_BODY)
    if value is None:
        del headers[header]
    else:
        headers[header] = value
    response = await client.post(WEBHOOK, content=EVENT_BODY, headers=headers)
    assert header in assert_problem(response, status)["detail"]
    no_events(app)
