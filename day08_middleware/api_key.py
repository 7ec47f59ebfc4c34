"""A guard on one router: requests to ``/admin`` need the right ``X-API-Key`` header.

It is a *dependency* on the router, not middleware: it applies to exactly the routes that
need it, shows up in ``/docs`` (the Authorize button), runs after routing (so a typo'd URL
is a 404, not a 401) and a test can swap it with ``app.dependency_overrides``. Middleware
would run for every request — ``/health``, ``/docs``, CORS preflights — and know nothing
about routes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader
from pydantic import SecretStr

from day08_middleware.onion import trace_of
from shared.middleware import current_request_id
from shared.settings import Settings

#: the key a fresh checkout accepts; set API_KEY to change it (never commit a real one)
DEMO_KEY = "day08-demo-key"
log = logging.getLogger("course.day08.auth")

# auto_error=False: we answer a missing key ourselves, the same way as a wrong one, so the
# response does not tell an attacker which of the two they got wrong.
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="the admin key")


class GuardSettings(Settings):
    """The course settings plus this lesson's key, from the ``API_KEY`` environment variable."""

    api_key: SecretStr = SecretStr(DEMO_KEY)


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def keys_match(given: str, expected_digest: bytes) -> bool:
    """Constant-time comparison of a presented key with the expected one.

    ``==`` on strings stops at the first differing character, so its timing tells an
    attacker how many leading characters they got right. ``hmac.compare_digest`` takes the
    same time whatever matches; hashing both sides first also hides the key's length (the
    digests are always 32 bytes).
    """
    return hmac.compare_digest(digest(given), expected_digest)


async def require_api_key(request: Request, key: str | None = Depends(api_key_header)) -> None:
    """The router-level guard: 401 unless ``X-API-Key`` matches."""
    trace_of(request.scope).enter("auth")
    if key is None or not keys_match(key, request.app.state.api_key_digest):
        # Log the refusal with the request id, never the key itself: a near-miss key in a
        # log file is a leaked key.
        log.warning(
            "refused %s %s: %s API key [request %s]",
            request.method,
            request.url.path,
            "missing" if key is None else "wrong",
            current_request_id(),
        )
        raise HTTPException(
            status_code=401,
            detail="missing or invalid API key",
            headers={"WWW-Authenticate": 'APIKey header="X-API-Key"'},
        )
