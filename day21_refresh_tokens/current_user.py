"""Authentication as a FastAPI dependency: a route that declares ``CurrentUser`` is protected.

``current_user`` reads ``Authorization: Bearer <access token>``, verifies the JWT completely
with :func:`shared.tokens.verify` (signature, ``exp``, ``iss``, ``aud``, ``typ`` …) and
returns the :class:`Principal`: the user and the session (``sid``) the token was issued to.
It never touches the database — that is the point of a short-lived, self-contained access
token — so a revoked session's access tokens keep working until they expire (at most five
minutes here; Day 23 adds a denylist for the cases that cannot wait).

**Why a dependency and not a middleware.** A middleware runs for every request, before
routing: it cannot know which routes are public (``/health``, ``/docs``, ``/auth/login``,
``/auth/refresh``) except through a hand-kept list of paths that drifts from the routes; it
does not appear in the OpenAPI document (no lock icon, no "Authorize" button); and it hands
its result to the route through ``request.state``, untyped. A dependency is declared where it
is needed, typed (``principal: CurrentUser``), documented in ``/docs``, composable (a
``require_admin`` would depend on ``current_user``), and replaceable in tests with
``app.dependency_overrides``. Middleware is the right tool for what applies to *every*
request regardless of route: request ids, timing, body limits (``shared.service``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.demo_users import User
from shared.tokens import InvalidToken, MissingToken, Verified, bearer_token, verify

# Declared for the OpenAPI (the lock icons and the "Authorize" button in /docs);
# `current_user` reads the header itself so that every refusal has its precise reason.
BEARER = HTTPBearer(auto_error=False, description="Authorization: Bearer <access token>")


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user, and the session (token family) their access token came from."""

    user: User
    session_id: str
    token: Verified


async def current_user(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
) -> Principal:
    authorization = request.headers.get("authorization")
    if authorization is None:
        raise MissingToken("send the access token as 'Authorization: Bearer <token>'")
    verified = verify(bearer_token(authorization), request.app.state.keys, request.app.state.policy)
    user = request.app.state.users.get(verified.subject)
    if user is None:
        raise InvalidToken("unknown-subject", "the token's subject is not a user here")
    session_id = verified.claims.get("sid")
    if not isinstance(session_id, str):
        raise InvalidToken("missing-claim", "the token has no sid claim")
    return Principal(user, session_id, verified)


CurrentUser = Annotated[Principal, Depends(current_user)]
