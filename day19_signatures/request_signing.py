"""HMAC-SHA256 request signing: the server recomputes the signature and compares in constant time.

Four headers travel with every signed request::

    X-Signature-Key-Id:    shop-web              which client (and so which secret)
    X-Signature-Timestamp: 1700000000            Unix seconds, signed, checked against a window
    X-Signature-Nonce:     q1w2e3r4t5y6u7i8o9p0  random, signed, accepted once
    X-Signature:           9f86d081…             hex HMAC-SHA256(secret, canonical request)

The checks run cheapest-first and the nonce is recorded **last**, only once the signature is
proven: otherwise anybody could fill the store with garbage, or burn a real client's next nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Header, Request

from day19_signatures.canonical import canonical_request
from day19_signatures.problems import (
    InvalidSignature,
    MalformedSignature,
    MissingSignature,
    OutsideWindow,
    Replayed,
)
from day19_signatures.replay import Clock, NonceStore, within_window

log = logging.getLogger("day19.signatures")
SCHEME = "HMAC-SHA256"
KEY_ID, TIMESTAMP, NONCE, SIGNATURE = (
    "X-Signature-Key-Id",
    "X-Signature-Timestamp",
    "X-Signature-Nonce",
    "X-Signature",
)
_KEY_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TIMESTAMP_RE = re.compile(r"[0-9]{1,12}")
# At least 16 characters: a short nonce would repeat by chance inside a busy window.
_NONCE_RE = re.compile(r"[A-Za-z0-9_-]{16,128}")
_SIGNATURE_RE = re.compile(r"[0-9a-f]{64}")
# Compared against when the key id is unknown, so that path costs what a wrong signature costs.
_DECOY_SECRET = secrets.token_bytes(32)


def sign(secret: bytes, canonical: str) -> str:
    return hmac.new(secret, canonical.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SignatureHeaders:
    key_id: str
    timestamp: int
    nonce: str
    signature: str

    @classmethod
    def parse(
        cls, key_id: str | None, timestamp: str | None, nonce: str | None, signature: str | None
    ) -> SignatureHeaders:
        given = {KEY_ID: key_id, TIMESTAMP: timestamp, NONCE: nonce, SIGNATURE: signature}
        missing = [name for name, value in given.items() if not value]
        if missing:
            raise MissingSignature(f"missing header(s): {', '.join(missing)}", scheme=SCHEME)
        assert key_id and timestamp and nonce and signature  # narrowed by the check above
        for name, value, pattern in (
            (KEY_ID, key_id, _KEY_ID_RE),
            (TIMESTAMP, timestamp, _TIMESTAMP_RE),
            (NONCE, nonce, _NONCE_RE),
            (SIGNATURE, signature, _SIGNATURE_RE),
        ):
            if not pattern.fullmatch(value):
                raise MalformedSignature(f"{name} must match {pattern.pattern}")
        return cls(key_id, int(timestamp), nonce, signature)


@dataclass(frozen=True)
class Signed:
    """What a route gets once the signature holds: who signed, and the exact bytes they signed."""

    key_id: str
    body: bytes


class RequestVerifier:
    def __init__(
        self, secrets_by_key_id: dict[str, bytes], window_s: int, nonces: NonceStore, clock: Clock
    ) -> None:
        self.secrets = secrets_by_key_id
        self.window_s = window_s
        self.nonces = nonces
        self.clock = clock

    def verify(
        self, *, method: str, path: str, query: str, headers: SignatureHeaders, body: bytes
    ) -> str:
        """Return the key id that signed this request, or raise the reason it is refused."""
        now = self.clock()
        if not within_window(headers.timestamp, now, self.window_s):
            when = "old" if headers.timestamp < now else "far in the future"
            raise OutsideWindow(
                f"timestamp is too {when}: allowed ±{self.window_s} s around server_time",
                scheme=SCHEME,
                server_time=int(now),
                window_s=self.window_s,
            )

        secret = self.secrets.get(headers.key_id)
        canonical = canonical_request(
            method=method,
            path=path,
            query=query,
            key_id=headers.key_id,
            timestamp=headers.timestamp,
            nonce=headers.nonce,
            body=body,
        )
        expected = sign(secret or _DECOY_SECRET, canonical)
        # Constant time: `==` stops at the first differing byte, so its duration tells an
        # attacker how many leading characters of a forged signature were right.
        matches = hmac.compare_digest(expected.encode(), headers.signature.encode())
        if secret is None or not matches:
            # The log may say which; the client may not (that would reveal valid key ids).
            log.info(
                "signature refused: %s (key id %r)",
                "unknown key id" if secret is None else "signature mismatch",
                headers.key_id,
            )
            raise InvalidSignature("the signature does not match this request", scheme=SCHEME)

        # The nonce can only be replayed while its timestamp is inside the window.
        if not self.nonces.add((headers.key_id, headers.nonce), headers.timestamp + self.window_s):
            raise Replayed("this nonce was already used", scheme=SCHEME)
        return headers.key_id


def raw_path(request: Request) -> str:
    """The path as the client sent it (percent-encoding intact) — the bytes the client signed."""
    raw = request.scope.get("raw_path")
    if raw is None:  # an ASGI server may omit it; the decoded path is the next best thing
        return request.url.path
    return raw.decode("latin-1")


async def signed_request(
    request: Request,
    x_signature_key_id: Annotated[str | None, Header(description="which client signed")] = None,
    x_signature_timestamp: Annotated[str | None, Header(description="Unix seconds")] = None,
    x_signature_nonce: Annotated[
        str | None, Header(description="16–128 of A-Z a-z 0-9 _ -")
    ] = None,
    x_signature: Annotated[str | None, Header(description="hex HMAC-SHA256")] = None,
) -> Signed:
    """FastAPI dependency: verify the request's signature before the route sees a byte of it.

    The route declares no body model: it gets the raw bytes from here, signed, and parses them
    itself — after verification. Parsing and re-serialising the JSON would change the bytes
    (spaces, key order, ``1.0`` vs ``1``) and so the digest.
    """
    headers = SignatureHeaders.parse(
        x_signature_key_id, x_signature_timestamp, x_signature_nonce, x_signature
    )
    body = await request.body()
    verifier: RequestVerifier = request.app.state.request_verifier
    key_id = verifier.verify(
        method=request.method,
        path=raw_path(request),
        query=request.scope.get("query_string", b"").decode("latin-1"),
        headers=headers,
        body=body,
    )
    return Signed(key_id=key_id, body=body)
