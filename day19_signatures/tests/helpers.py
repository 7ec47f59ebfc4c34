"""Shared pieces of Day 19's tests: a clock the tests move, keys, and the problem+json check."""

from __future__ import annotations

from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr

from course import testing
from day19_signatures.keys import SignatureSettings, encode_key
from day19_signatures.signing_client import HmacAuth
from day19_signatures.webhooks import WebhookSender

NOW = 1_700_000_000.0
WINDOW_S = 300
WEB_SECRET = b"test-secret-for-shop-web-0123456789"
MOBILE_SECRET = b"test-secret-for-shop-mobile-98765432"
ORDER = {"item": "green tea", "quantity": 2}
EVENT = {
    "type": "payment.succeeded",
    "timestamp": "2025-01-01T12:00:00Z",
    "data": {"payment_id": "pay_123", "amount_cents": 1250, "currency": "EUR"},
}


class FakeClock:
    """``time.time`` that only moves when a test says so: expiry tested without sleeping."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def key_pair() -> tuple[str, str]:
    """A fresh Ed25519 pair as Standard Webhooks writes it: (``whsk_…``, ``whpk_…``)."""
    key = Ed25519PrivateKey.generate()
    return (
        encode_key(key.private_bytes_raw(), "whsk_"),
        encode_key(key.public_key().public_bytes_raw(), "whpk_"),
    )


PROVIDER_SECRET, PROVIDER_PUBLIC = key_pair()


def settings(**overrides: object) -> SignatureSettings:
    values: dict[str, object] = {
        "client_secrets": {
            "shop-web": SecretStr(WEB_SECRET.decode()),
            "shop-mobile": SecretStr(MOBILE_SECRET.decode()),
        },
        "webhook_public_key": PROVIDER_PUBLIC,
        "window_s": WINDOW_S,
    }
    return SignatureSettings(**(values | overrides))


def web_auth(clock: FakeClock, secret: bytes = WEB_SECRET, key_id: str = "shop-web") -> HmacAuth:
    return HmacAuth(key_id, secret, clock=clock)


def provider(clock: FakeClock, secret_key: str = PROVIDER_SECRET) -> WebhookSender:
    return WebhookSender(secret_key, clock=clock)


def assert_problem(
    response: httpx.Response, status: int, type_: str | None = None
) -> dict[str, Any]:
    """The shared problem+json check, and on a 401 the challenge that names the realm."""
    body = testing.assert_problem(response, status, type_)
    if status == 401:
        assert "realm=" in response.headers["www-authenticate"]
    return body
