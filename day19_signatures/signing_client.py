"""The client half: an ``httpx.Auth`` that signs every request it sends.

    client = httpx.Client(base_url="http://localhost:8019", auth=HmacAuth("shop-web", secret))
    client.post("/orders", json={"item": "tea", "quantity": 2})     # signed, fresh nonce each time

From a shell, against a running lesson (development secrets, or ``DAY19_CLIENT_SECRETS``)::

    python -m day19_signatures.signing_client POST /orders '{"item": "tea", "quantity": 2}'
    python -m day19_signatures.signing_client GET '/orders?limit=5'
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from collections.abc import Callable, Generator

import httpx

from day19_signatures.canonical import canonical_request
from day19_signatures.request_signing import KEY_ID, NONCE, SIGNATURE, TIMESTAMP, sign


def new_nonce() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits


class HmacAuth(httpx.Auth):
    # httpx reads the body before auth_flow runs, so the digest sees the bytes that are sent.
    requires_request_body = True

    def __init__(
        self,
        key_id: str,
        secret: bytes,
        *,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = new_nonce,
    ) -> None:
        self.key_id = key_id
        self.secret = secret
        self.clock = clock
        self.nonce = nonce

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        # Sign the URL exactly as it goes on the wire: httpx has already percent-encoded it.
        path = request.url.raw_path.partition(b"?")[0].decode("ascii")
        request.headers.update(
            self.headers_for(
                request.method, path, request.url.query.decode("ascii"), request.content
            )
        )
        yield request

    def headers_for(self, method: str, path: str, query: str, body: bytes) -> dict[str, str]:
        timestamp, nonce = int(self.clock()), self.nonce()
        canonical = canonical_request(
            method=method,
            path=path,
            query=query,
            key_id=self.key_id,
            timestamp=timestamp,
            nonce=nonce,
            body=body,
        )
        return {
            KEY_ID: self.key_id,
            TIMESTAMP: str(timestamp),
            NONCE: nonce,
            SIGNATURE: sign(self.secret, canonical),
        }


def main(argv: list[str]) -> int:
    from day19_signatures.keys import SignatureSettings  # noqa: PLC0415 - CLI only

    parser = argparse.ArgumentParser(prog="python -m day19_signatures.signing_client")
    parser.add_argument("method", choices=["GET", "POST"])
    parser.add_argument("path", help="e.g. /orders or '/orders?limit=5'")
    parser.add_argument("body", nargs="?", default="", help="JSON, sent byte for byte")
    parser.add_argument("--url", default="http://localhost:8019")
    parser.add_argument("--key-id", default="shop-web")
    args = parser.parse_args(argv)

    secrets_by_key_id = SignatureSettings().secrets_by_key_id()
    if args.key_id not in secrets_by_key_id:
        parser.error(f"no secret for key id {args.key_id!r}; known: {sorted(secrets_by_key_id)}")
    auth = HmacAuth(args.key_id, secrets_by_key_id[args.key_id])
    headers = {"content-type": "application/json"} if args.body else {}
    with httpx.Client(base_url=args.url, auth=auth, timeout=10) as client:
        response = client.request(
            args.method, args.path, content=args.body.encode(), headers=headers
        )
    for name in (KEY_ID, TIMESTAMP, NONCE, SIGNATURE):
        print(f"> {name}: {response.request.headers[name]}")
    print(f"< {response.status_code} {response.reason_phrase}")
    print(response.text)
    return 0 if response.is_success else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
