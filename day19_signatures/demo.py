"""``python -m day19_signatures demo``: sign, attack and deliver, narrated, in about a second.

    python -m day19_signatures demo                              # against the app in this process
    python -m day19_signatures demo --url http://localhost:8019  # against a running lesson

Uses the development keys (or ``DAY19_…`` settings), so it plays both the shop's client and
the payment provider — in real life those are other people's machines.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import httpx

from day19_signatures.keys import DEVELOPMENT_WEBHOOK_SECRET_KEY, SignatureSettings
from day19_signatures.signing_client import HmacAuth
from day19_signatures.webhooks import WebhookSender
from shared.middleware import quiet_access_log

EVENT = {
    "type": "payment.succeeded",
    "timestamp": "2025-01-01T12:00:00Z",
    "data": {"payment_id": "pay_demo1", "amount_cents": 1250, "currency": "EUR"},
}


@contextlib.asynccontextmanager
async def transport(url: str | None) -> AsyncIterator[tuple[httpx.AsyncBaseTransport, str]]:
    if url:
        async with httpx.AsyncHTTPTransport() as real:
            yield real, url.rstrip("/")
        return
    from day19_signatures.app import create_app  # noqa: PLC0415 - only when run in-process

    with quiet_access_log():  # the narration, not a log
        yield httpx.ASGITransport(create_app()), "http://day19"


def show(step: str, response: httpx.Response) -> None:
    body = response.json()
    said = body.get("title") if response.is_error else json.dumps(body)
    said = said if len(said) <= 64 else said[:63] + "…"
    print(f"  {step:<52} → {response.status_code} {said}")


async def run(url: str | None) -> int:
    secrets_by_key_id = SignatureSettings().secrets_by_key_id()
    auth = HmacAuth("shop-web", secrets_by_key_id["shop-web"])
    order = {"item": "green tea", "quantity": 2}
    async with transport(url) as (tr, base):
        signed = httpx.AsyncClient(transport=tr, base_url=base, auth=auth)
        plain = httpx.AsyncClient(transport=tr, base_url=base)
        async with signed, plain:
            print("HMAC-signed requests (shop-web's secret):")
            show("POST /orders without signature headers", await plain.post("/orders", json=order))
            first = await signed.post("/orders", json=order)
            show("POST /orders signed by HmacAuth", first)
            sent = first.request
            show(
                "the very same request again (replay)",
                await plain.post("/orders", content=sent.content, headers=sent.headers),
            )
            # The captured headers, minus Content-Length (httpx sets it for the new body).
            copied = {k: v for k, v in sent.headers.items() if k != "content-length"}
            tampered = copied | {"x-signature-nonce": "a-fresh-nonce-0000000"}
            show(
                "quantity 2 → 200, new nonce, old signature",
                await plain.post(
                    "/orders", content=sent.content.replace(b"2", b"200"), headers=tampered
                ),
            )
            stale = HmacAuth("shop-web", auth.secret, clock=lambda: 1_000_000_000)
            show(
                "signed with a clock from 2001",
                await plain.post("/orders", json=order, auth=stale),
            )
            show("GET /orders?limit=5 signed", await signed.get("/orders", params={"limit": 5}))

            print("Ed25519-signed webhooks (the provider's private key):")
            provider = WebhookSender(DEVELOPMENT_WEBHOOK_SECRET_KEY)
            delivered = await provider.deliver(plain, "/webhooks/payments", EVENT)
            show("provider delivers payment.succeeded", delivered)
            again = delivered.request
            show(
                "the same delivery again (replay)",
                await plain.post(
                    "/webhooks/payments", content=again.content, headers=again.headers
                ),
            )
            forged = again.content.replace(b"1250", b"9999")
            fresh_id = dict(again.headers) | {"webhook-id": "msg_forged"}
            show(
                "amount changed to 9999, fresh id",
                await plain.post("/webhooks/payments", content=forged, headers=fresh_id),
            )
    print("Every refusal above is application/problem+json; see the README's Break it.")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m day19_signatures demo")
    parser.add_argument("--url", help="a running lesson, e.g. http://localhost:8019")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.url))
