"""Signed session cookies — what ``SECRET_KEY`` is for, and why a default one is a master key.

A session cookie here is ``<user id>.<expiry>.<HMAC-SHA256 of both under SECRET_KEY>``: the
server keeps no session table, it trusts the cookie because only it can compute the MAC.
That trust is exactly as good as the secret. With the placeholder ``change-me`` — published in
this repository, like every default in every tutorial — anyone can compute a valid cookie for
any user id (``tests/test_secrets.py`` does). That is why ``shared.settings`` refuses it
outside development.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from fastapi import Response
from pydantic import SecretStr

from day22_methods_env.config import SessionPolicy

#: a MAC made for sessions must not be reusable as a MAC for anything else signed with the key
CONTEXT = b"day22-session\x00"
#: longer cookies are refused before any work is done
MAX_TOKEN_CHARS = 200


def _mac(key: SecretStr, payload: str) -> str:
    digest = hmac.new(
        key.get_secret_value().encode(), CONTEXT + payload.encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(user_id: str, key: SecretStr, max_age_s: int, *, now: float | None = None) -> str:
    expires = int(time.time() if now is None else now) + max_age_s
    payload = f"{user_id}.{expires}"
    return f"{payload}.{_mac(key, payload)}"


def verify(token: str, key: SecretStr, *, now: float | None = None) -> str | None:
    """The user id in ``token`` if its MAC is ours and it has not expired; None otherwise."""
    parts = token.split(".") if len(token) <= MAX_TOKEN_CHARS else []
    if len(parts) != 3:
        return None
    user_id, expires, mac = parts
    # Bytes, not str: compare_digest refuses non-ASCII strings with a TypeError (a 500 for a
    # cookie full of emoji). Constant time, so the answer's timing does not leak the MAC.
    if not hmac.compare_digest(mac.encode(), _mac(key, f"{user_id}.{expires}").encode()):
        return None
    if not expires.isdigit() or int(expires) < (time.time() if now is None else now):
        return None
    return user_id


def set_session_cookie(
    response: Response, token: str, policy: SessionPolicy, *, secure: bool
) -> None:
    response.set_cookie(
        policy.cookie_name,
        token,
        max_age=policy.max_age_s,
        httponly=True,  # no JavaScript access: an XSS bug cannot read the session
        secure=secure,  # HTTPS only; on in production (shared.settings' profile)
        samesite=policy.same_site,
        path="/",
    )
