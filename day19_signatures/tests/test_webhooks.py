"""Ed25519 webhooks: the provider signs with its private key, the receiver holds only the public one."""

from __future__ import annotations

import base64
import json

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import FastAPI

from day19_signatures.keys import decode_key
from day19_signatures.tests.helpers import (
    EVENT,
    PROVIDER_PUBLIC,
    FakeClock,
    key_pair,
    provider,
)
from day19_signatures.webhooks import WebhookSender

WEBHOOK = "/webhooks/payments"


async def test_provider_delivery_is_accepted_and_recorded(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    delivered = await provider(clock).deliver(client, WEBHOOK, EVENT)
    assert delivered.status_code == 200
    webhook_id = delivered.request.headers["webhook-id"]
    assert delivered.json() == {
        "webhook_id": webhook_id,
        "type": "payment.succeeded",
        "payment_id": "pay_123",
        "amount_cents": 1250,
        "currency": "EUR",
    }
    listed = await client.get("/webhooks/events")
    assert [e["webhook_id"] for e in listed.json()] == [webhook_id]


def test_signature_is_over_id_timestamp_and_body() -> None:
    """Standard Webhooks' signed content, checked with nothing but the public key."""
    clock = FakeClock()
    body = json.dumps(EVENT).encode()
    headers = provider(clock).headers_for(body, msg_id="msg_42")
    version, _, signature = headers["webhook-signature"].partition(",")
    assert version == "v1a" and headers["webhook-timestamp"] == str(int(clock.now))
    public = Ed25519PublicKey.from_public_bytes(decode_key(PROVIDER_PUBLIC, "whpk_"))
    public.verify(base64.b64decode(signature), b"msg_42.%d." % int(clock.now) + body)


def test_receiver_can_verify_but_cannot_sign(app: FastAPI) -> None:
    verifier = app.state.webhook_verifier
    assert isinstance(verifier.public_key, Ed25519PublicKey)
    assert not hasattr(verifier.public_key, "sign")
    assert not any(isinstance(v, str) and v.startswith("whsk_") for v in vars(verifier).values())


async def test_rotation_old_and_new_key_signatures_in_one_header(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    """During a rotation the provider signs twice; the receiver needs just one valid entry."""
    old_secret, _ = key_pair()
    body = json.dumps(EVENT).encode()
    headers = provider(clock).headers_for(body, msg_id="msg_rotating")
    old = WebhookSender(old_secret).sign("msg_rotating", int(clock.now), body)
    headers["webhook-signature"] = f"{old} {headers['webhook-signature']}"
    assert (await client.post(WEBHOOK, content=body, headers=headers)).status_code == 200
