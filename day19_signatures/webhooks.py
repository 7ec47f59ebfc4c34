"""Ed25519 webhook signatures, in the style of Standard Webhooks: the receiver can check, not forge.

With HMAC both sides hold the same secret, so whoever can verify a message can also forge one.
For requests from *your* clients that is fine. A webhook goes the other way — a provider calls
*you* — and often to thousands of receivers; with a shared secret each of them, and each of
their log files, could forge the provider's messages to everyone sharing that secret. With a
public-key signature the provider keeps the only private key and publishes the public one:
receivers verify, and none of them, nor anybody who steals a receiver's configuration, can sign.

The wire format (a subset of the Standard Webhooks spec: only its asymmetric ``v1a`` scheme)::

    webhook-id:        msg_2KWPBgLlAfxdpx2AI54pPJ85f4W     unique per event, same on every retry
    webhook-timestamp: 1700000000                           Unix seconds of this attempt
    webhook-signature: v1a,<base64 Ed25519 signature>       space-separated list (key rotation)

    signed bytes = f"{webhook-id}.{webhook-timestamp}.".encode() + raw body

The id is signed too: were it not, a replayed webhook with a fresh id would pass the id check.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
from cryptography.exceptions import InvalidSignature as BadEd25519Signature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi import Header, Request

from day19_signatures.keys import decode_key
from day19_signatures.problems import (
    InvalidSignature,
    MalformedSignature,
    MissingSignature,
    OutsideWindow,
    Replayed,
)
from day19_signatures.replay import Clock, NonceStore, within_window

log = logging.getLogger("day19.webhooks")
SCHEME = "Standard-Webhooks"
VERSION = "v1a"  # Standard Webhooks' name for ed25519 (``v1`` is its HMAC-SHA256)
ID, TIMESTAMP, SIGNATURE = "webhook-id", "webhook-timestamp", "webhook-signature"
# No "." allowed: the id is the first field of a "."-joined string.
_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TIMESTAMP_RE = re.compile(r"[0-9]{1,12}")
MAX_SIGNATURES = 8  # a rotation needs two or three; more is somebody making us work


def signed_content(msg_id: str, timestamp: int, body: bytes) -> bytes:
    return f"{msg_id}.{timestamp}.".encode() + body


class WebhookSender:
    """The provider's side: holds the private key, signs each delivery."""

    def __init__(self, secret_key: str, clock: Clock = time.time) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(decode_key(secret_key, "whsk_"))
        self.clock = clock

    def sign(self, msg_id: str, timestamp: int, body: bytes) -> str:
        signature = self._key.sign(signed_content(msg_id, timestamp, body))
        return f"{VERSION},{base64.b64encode(signature).decode()}"

    def headers_for(self, body: bytes, msg_id: str | None = None) -> dict[str, str]:
        msg_id = msg_id or f"msg_{secrets.token_urlsafe(18)}"
        timestamp = int(self.clock())
        return {
            ID: msg_id,
            TIMESTAMP: str(timestamp),
            SIGNATURE: self.sign(msg_id, timestamp, body),
            "content-type": "application/json",
        }

    async def deliver(
        self, client: httpx.AsyncClient, url: str, event: dict[str, Any]
    ) -> httpx.Response:
        # Serialise once and send those very bytes: the signature is over them.
        body = json.dumps(event, separators=(",", ":")).encode()
        return await client.post(url, content=body, headers=self.headers_for(body))


@dataclass(frozen=True)
class WebhookHeaders:
    msg_id: str
    timestamp: int
    signatures: tuple[bytes, ...]  # the v1a ones, decoded; other versions are skipped

    @classmethod
    def parse(
        cls, msg_id: str | None, timestamp: str | None, signature: str | None
    ) -> WebhookHeaders:
        given = {ID: msg_id, TIMESTAMP: timestamp, SIGNATURE: signature}
        missing = [name for name, value in given.items() if not value]
        if missing:
            raise MissingSignature(f"missing header(s): {', '.join(missing)}", scheme=SCHEME)
        assert msg_id and timestamp and signature
        if not _ID_RE.fullmatch(msg_id):
            raise MalformedSignature(f"{ID} must match {_ID_RE.pattern}")
        if not _TIMESTAMP_RE.fullmatch(timestamp):
            raise MalformedSignature(f"{TIMESTAMP} must be Unix seconds")
        entries = signature.split()
        if len(entries) > MAX_SIGNATURES:
            raise MalformedSignature(f"{SIGNATURE} lists more than {MAX_SIGNATURES} signatures")
        decoded = []
        for entry in entries:
            version, comma, value = entry.partition(",")
            if not comma:
                raise MalformedSignature(f"{SIGNATURE} entries look like 'v1a,<base64>'")
            if version != VERSION:
                continue  # a scheme we do not use (e.g. v1 HMAC) is not an error, just no proof
            try:
                raw = base64.b64decode(value, validate=True)
            except binascii.Error:
                raise MalformedSignature(f"{SIGNATURE}: not base64") from None
            if len(raw) != 64:
                raise MalformedSignature(f"{SIGNATURE}: an Ed25519 signature is 64 bytes")
            decoded.append(raw)
        return cls(msg_id, int(timestamp), tuple(decoded))


class WebhookVerifier:
    """The receiver's side: holds only the public key, and the ids it has already accepted."""

    def __init__(self, public_key: str, window_s: int, seen: NonceStore, clock: Clock) -> None:
        self.public_key = Ed25519PublicKey.from_public_bytes(decode_key(public_key, "whpk_"))
        self.window_s = window_s
        self.seen = seen
        self.clock = clock

    def verify(self, headers: WebhookHeaders, body: bytes) -> str:
        """Return the webhook id, or raise the reason the delivery is refused."""
        now = self.clock()
        if not within_window(headers.timestamp, now, self.window_s):
            raise OutsideWindow(
                f"webhook-timestamp outside ±{self.window_s} s of server_time",
                scheme=SCHEME,
                server_time=int(now),
                window_s=self.window_s,
            )
        content = signed_content(headers.msg_id, headers.timestamp, body)
        if not any(self._valid(sig, content) for sig in headers.signatures):
            log.info("webhook %s refused: no valid %s signature", headers.msg_id, VERSION)
            raise InvalidSignature("no valid v1a signature for this webhook", scheme=SCHEME)
        if not self.seen.add(headers.msg_id, headers.timestamp + self.window_s):
            raise Replayed(f"webhook {headers.msg_id} was already received", scheme=SCHEME)
        return headers.msg_id

    def _valid(self, signature: bytes, content: bytes) -> bool:
        # Nothing secret is compared here: Ed25519 verification is public math on public
        # values, so there is no timing oracle to close as there is for an HMAC.
        try:
            self.public_key.verify(signature, content)
        except BadEd25519Signature:
            return False
        return True


@dataclass(frozen=True)
class Delivery:
    """A verified webhook: its id and the exact bytes the provider signed."""

    msg_id: str
    body: bytes


async def verified_webhook(
    request: Request,
    webhook_id: Annotated[str | None, Header(description="unique per event")] = None,
    webhook_timestamp: Annotated[str | None, Header(description="Unix seconds")] = None,
    webhook_signature: Annotated[str | None, Header(description="v1a,<base64> …")] = None,
) -> Delivery:
    """FastAPI dependency: the raw body, once its Ed25519 signature, age and id have been checked."""
    headers = WebhookHeaders.parse(webhook_id, webhook_timestamp, webhook_signature)
    body = await request.body()
    verifier: WebhookVerifier = request.app.state.webhook_verifier
    return Delivery(verifier.verify(headers, body), body)
