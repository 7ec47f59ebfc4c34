"""Who is calling: an API key resolved to a user, so per-user limits count real users.

A per-user limit is only as good as the identity behind it. Keyed on the raw header, a client
would send a new made-up key with every request and never run out; keyed on the user the
key *verifies* as, it cannot. So ``optional_user`` resolves the key first and puts the user
on ``request.state.user``, where ``shared.ratelimit.by_user`` finds it.
"""

from __future__ import annotations

import hashlib

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from shared.errors import Unauthorized

#: demo credentials, printed in the README. A real service stores only the digests (or, for
#: keys a user chooses, slow hashes — Day 18) and never keeps the keys in its code.
DEMO_KEYS = {"alice-key": "alice", "bob-key": "bob"}

api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="alice-key or bob-key"
)


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


# Looked up by digest: the table never holds a key, and a lookup's timing says something
# about a SHA-256 of the guess, not about how many characters of a real key it got right.
_USERS = {digest(key): user for key, user in DEMO_KEYS.items()}


async def optional_user(request: Request, key: str | None = Depends(api_key_header)) -> str | None:
    """The caller's user, or ``None`` for an anonymous call; a key that is sent must be valid."""
    if key is None:
        return None
    user = _USERS.get(digest(key))
    if user is None:
        raise Unauthorized(
            "unknown API key", headers={"WWW-Authenticate": 'APIKey header="X-API-Key"'}
        )
    request.state.user = user
    return user


async def require_user(user: str | None = Depends(optional_user)) -> str:
    """The caller's user; anonymous calls are refused before they can spend anyone's quota."""
    if user is None:
        raise Unauthorized(
            "send an X-API-Key header", headers={"WWW-Authenticate": 'APIKey header="X-API-Key"'}
        )
    return user
