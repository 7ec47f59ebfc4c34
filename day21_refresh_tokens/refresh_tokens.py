"""A refresh token is 256 random bits, shown to its owner once and stored only as a hash.

**Opaque, not a JWT.** An access token is read by every route, so it carries its claims and a
signature (Day 20). A refresh token is read by one endpoint, ``POST /auth/refresh``, which
looks it up in the database anyway — to see whether it was used, revoked, or expired. So it
needs no claims and no signature: ``secrets.token_urlsafe(32)`` gives 43 characters that
mean nothing, and nothing can be forged or tampered with in them.

**Stored as SHA-256, not Argon2.** The database keeps ``sha256(token)``: a leaked backup or
a read-only injection yields hashes, and a hash is not accepted as a token. A password needs
a slow, salted hash because people choose guessable ones; 256 random bits cannot be guessed,
so a fast hash is enough — and an unsalted one is what lets us find the token by an index
lookup on ``hash``.

**The collection** ``refresh_tokens`` — one document per token::

    {_id, hash, family, user, device, parent, login_at, created_at, expires_at,
     used_at, replaced_by, revoked_at, revoked_reason}

``family`` names one login on one device (the ``session_id`` clients see); every rotation
adds a child with the same family and ``parent`` set, so a family is a chain of tokens with
exactly one live head. Indexes: unique on ``hash`` (the lookup, and a guard against ever
storing one token twice), on ``family`` (revoke a family), on ``user`` (logout everywhere,
list sessions), and a TTL index on ``expires_at`` so MongoDB deletes dead families — about
once a minute, and not at all on every server (nx-27017's TTL is best-effort), which is why
the code checks ``expires_at`` itself and never relies on the deletion.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from shared.tokens import InvalidToken

COLLECTION = "refresh_tokens"
#: 32 bytes = 256 bits of randomness (RFC 6749 §10.10 asks for infeasible guessing)
TOKEN_BYTES = 32
#: base64url of 32 bytes, without padding
TOKEN_CHARS = 43

_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_CHARS}}}")


class InvalidRefreshToken(InvalidToken):
    """A refresh token was presented and refused: 401, ``reason`` says why.

    OAuth's token endpoint (RFC 6749 §5.2) would answer ``400 invalid_grant``; this API answers
    401 like every other credential it refuses, with the same problem+json shape and
    ``WWW-Authenticate`` challenge as an invalid access token.
    """

    type = "/problems/invalid-refresh-token"
    title = "Invalid refresh token"


def new_refresh_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database stores and looks up: the hex SHA-256 of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def check_shape(token: str) -> None:
    """Refuse anything that cannot be one of our refresh tokens, before touching the database."""
    if token.count(".") == 2:
        # Explicit about the mix-up: a client sending its access token here has a bug.
        raise InvalidRefreshToken(
            "wrong-type", "this is an access token (a JWT); send the refresh token"
        )
    if not _SHAPE.fullmatch(token):
        raise InvalidRefreshToken(
            "malformed", f"a refresh token is {TOKEN_CHARS} base64url characters"
        )


async def ensure_indexes(tokens: Any) -> None:
    """Create the collection's indexes (idempotent: run at every start)."""
    await tokens.create_index("hash", unique=True)
    await tokens.create_index("family")
    await tokens.create_index("user")
    # expireAfterSeconds=0: a document goes when the clock passes its own expires_at.
    await tokens.create_index("expires_at", expireAfterSeconds=0)
