"""The access-token dependency: verify the JWT, *then* ask the denylist.

The order is the point. :func:`shared.tokens.verify` is local and cheap (no network): it
refuses forged, tampered, expired and foreign tokens without touching Redis, so garbage in an
``Authorization`` header cannot make us do round trips, and an attacker cannot dodge the
denylist by editing a token's ``jti`` — that breaks the signature. Only a token we really
issued, still in date, costs one ``GET`` on the denylist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from day23_logout_redis.denylist import JTI_PATTERN, is_revoked
from day23_logout_redis.users import User
from shared.tokens import InvalidToken, MissingToken, Verified, bearer_token, verify

# Declared for the OpenAPI (the lock icons and "Authorize" in /docs); `current_user` reads
# the header itself so that every refusal carries its precise reason.
BEARER = HTTPBearer(auto_error=False, description="Authorization: Bearer <access token>")


@dataclass(frozen=True)
class Principal:
    user: User
    token: Verified

    @property
    def jti(self) -> str:
        return self.token.claims["jti"]


async def current_user(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
) -> Principal:
    state = request.app.state
    authorization = request.headers.get("authorization")
    if authorization is None:
        raise MissingToken("send the access token as 'Authorization: Bearer <token>'")
    verified = verify(bearer_token(authorization), state.keys, state.policy)
    jti = verified.claims["jti"]
    if not isinstance(jti, str) or not JTI_PATTERN.fullmatch(jti):
        # Signed by a key we hold, yet not a jti we issue: never build a Redis key from it.
        raise InvalidToken("malformed", "the token's jti is not one this server issues")
    user = state.users.get(verified.subject)
    if user is None:
        raise InvalidToken("unknown-subject", "the token's subject is not a user here")
    if await is_revoked(state.redis, state.keyspace, jti):
        raise InvalidToken("revoked", "this token was logged out")
    return Principal(user, verified)


CurrentUser = Annotated[Principal, Depends(current_user)]
