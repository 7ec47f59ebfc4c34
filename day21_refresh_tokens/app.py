"""Day 21 app: log in once, refresh quietly, detect a stolen refresh token, log devices out.

Routes, in the order a client meets them:

* ``POST /auth/login``       — password → a 5-minute access token + a 30-day refresh token
* ``GET  /me``               — protected by the ``current_user`` dependency (no database)
* ``POST /auth/refresh``     — a refresh token → a new pair; the old refresh token is used up
* ``GET  /auth/sessions``    — your signed-in devices (one per token family)
* ``POST /auth/logout``      — end this device's session (send its refresh token)
* ``POST /auth/logout-all``  — end every session of yours
* ``GET  /.well-known/jwks.json`` — the public key that verifies our access tokens

**Delivery: the JSON body.** Both tokens travel in the response body (RFC 6749 §5.1's shape),
with ``Cache-Control: no-store``; the client sends the access token as a Bearer header and the
refresh token back in a JSON body. That suits this lesson's clients — curl, tests, mobile and
desktop apps, other services — which keep secrets in their own storage and are not exposed to
CSRF. A browser app would rather receive the refresh token as an ``HttpOnly; Secure;
SameSite=Strict`` cookie scoped to ``Path=/auth/refresh``, so that page scripts cannot read it
and it travels to that one endpoint only: exercise 1.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pymongo.errors import ConnectionFailure

from day21_refresh_tokens import LESSON
from day21_refresh_tokens.current_user import CurrentUser
from day21_refresh_tokens.refresh_tokens import COLLECTION, ensure_indexes
from day21_refresh_tokens.rotation import REFRESH_TTL, Clock, Minted, Sessions, utc_now
from shared.demo_users import authenticate, demo_users
from shared.errors import Unauthorized, problem, problem_responses
from shared.mongo import Db, open_mongo
from shared.service import create_service
from shared.tokens import TokenSettings, issue

log = logging.getLogger("course.day21")
router = APIRouter()

#: access tokens live 5 minutes here (unless JWT_ACCESS_TTL_S says otherwise): short enough
#: that a revoked session's last access token dies soon, long enough to refresh rarely
ACCESS_TTL_S = 300
#: the lesson's own database on MONGODB_URL (or on the embedded server)
LESSON_DB = "day21_refresh_tokens"

#: opens the lesson's database for the app's life (tests pass their own)
DatabaseOpener = Callable[[], AbstractAsyncContextManager[Any]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    # SecretStr: the password never shows up in a repr, a log line or an error.
    password: SecretStr = Field(min_length=1, max_length=256)
    #: a name for this login, shown in GET /auth/sessions; no control characters, since it
    #: ends up in logs and a newline there could forge a log line
    device: str = Field(
        default="unnamed device", min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$"
    )


class RefreshIn(Strict):
    # Bounded by the schema (a 1 MB "token" is a 422); the exact shape is checked by the
    # lesson, so a wrong token of plausible length gets the same 401 as any bad credential.
    refresh_token: str = Field(min_length=1, max_length=512)


class TokenPair(BaseModel):
    """RFC 6749 §5.1's shape, plus the session (token family) this login belongs to."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    session_id: str


class MeOut(BaseModel):
    username: str
    name: str
    session_id: str
    access_token_expires_at: int


class SessionOut(BaseModel):
    session_id: str
    device: str
    login_at: datetime
    last_refresh_at: datetime
    expires_at: datetime
    #: the session of the access token that asked
    current: bool


class LogoutOut(BaseModel):
    #: every token of the ended session(s), the used ones included
    tokens_revoked: int


class Jwks(BaseModel):
    keys: list[dict[str, Any]]


def sessions_of(request: Request, db: Db) -> Sessions:
    state = request.app.state
    return Sessions(db[COLLECTION], lifetime=state.refresh_ttl, clock=state.clock)


SessionStore = Annotated[Sessions, Depends(sessions_of)]


def token_pair(request: Request, response: Response, minted: Minted) -> TokenPair:
    """Answer a fresh access token for the family's user along with its refresh token."""
    state = request.app.state
    user = minted.doc["user"]
    # `sid` ties the access token to its session, so /auth/sessions can say which is current.
    access = issue(state.keys, state.policy, user, claims={"sid": minted.family})
    # RFC 6749 §5.1: token responses must not be cached by any browser or proxy.
    response.headers["Cache-Control"] = "no-store"
    lifetime = minted.doc["expires_at"] - minted.doc["created_at"]
    return TokenPair(
        access_token=access.token,
        expires_in=access.expires_in,
        refresh_token=minted.token,
        refresh_expires_in=int(lifetime.total_seconds()),
        session_id=minted.family,
    )


@router.post(
    "/auth/login", response_model=TokenPair, tags=["auth"], responses=problem_responses(401, 503)
)
async def login(
    body: LoginIn, request: Request, response: Response, sessions: SessionStore
) -> TokenPair:
    """Check the password; start a session (a token family) for this device."""
    user = authenticate(request.app.state.users, body.username, body.password.get_secret_value())
    if user is None:
        # One message for "no such user" and "wrong password": no user enumeration.
        raise Unauthorized("wrong username or password")
    minted = await sessions.login(user.username, body.device)
    return token_pair(request, response, minted)


@router.post(
    "/auth/refresh", response_model=TokenPair, tags=["auth"], responses=problem_responses(401, 503)
)
async def refresh(
    body: RefreshIn, request: Request, response: Response, sessions: SessionStore
) -> TokenPair:
    """Exchange a refresh token for a new pair. The one you sent is used up; never send it again."""
    minted = await sessions.rotate(body.refresh_token)
    return token_pair(request, response, minted)


@router.get("/me", response_model=MeOut, tags=["me"], responses=problem_responses(401))
async def me(principal: CurrentUser) -> MeOut:
    """Who the access token says you are. Verified from the token alone: no database."""
    return MeOut(
        username=principal.user.username,
        name=principal.user.name,
        session_id=principal.session_id,
        access_token_expires_at=principal.token.claims["exp"],
    )


@router.get(
    "/auth/sessions",
    response_model=list[SessionOut],
    tags=["auth"],
    responses=problem_responses(401, 503),
)
async def list_sessions(principal: CurrentUser, sessions: SessionStore) -> list[SessionOut]:
    """Your signed-in devices: each live token family, with its current head."""
    return [
        SessionOut(
            session_id=doc["family"],
            device=doc["device"],
            login_at=doc["login_at"],
            last_refresh_at=doc["created_at"],
            expires_at=doc["expires_at"],
            current=doc["family"] == principal.session_id,
        )
        for doc in await sessions.live(principal.user.username)
    ]


@router.post(
    "/auth/logout",
    response_model=LogoutOut,
    tags=["auth"],
    responses=problem_responses(401, 403, 503),
)
async def logout(body: RefreshIn, principal: CurrentUser, sessions: SessionStore) -> LogoutOut:
    """End one device's session: its refresh token and all its family stop working.

    Its access tokens stay valid until they expire (at most five minutes): nothing here
    stores them. Day 23 adds the denylist that ends them at once.
    """
    return LogoutOut(
        tokens_revoked=await sessions.logout(body.refresh_token, principal.user.username)
    )


@router.post(
    "/auth/logout-all",
    response_model=LogoutOut,
    tags=["auth"],
    responses=problem_responses(401, 503),
)
async def logout_all(principal: CurrentUser, sessions: SessionStore) -> LogoutOut:
    """End every session of yours, on every device (after a lost phone, a password change)."""
    revoked = await sessions.revoke_user(principal.user.username, "logout-all")
    log.info("every session of %s ended (%d tokens)", principal.user.username, revoked)
    return LogoutOut(tokens_revoked=revoked)


@router.get("/.well-known/jwks.json", response_model=Jwks, tags=["tokens"])
async def jwks(request: Request) -> dict[str, Any]:
    """The public key that verifies our EdDSA access tokens (RFC 7517)."""
    return request.app.state.keys.jwks()


async def database_down(request: Request, exc: Exception) -> JSONResponse:
    """MongoDB stopped answering mid-flight: say so with a 503, never a bare 500 or a guess.

    Only the routes that need refresh-token records fail; ``/me`` keeps working, because
    access tokens are verified without the database.
    """
    log.error("MongoDB is not reachable (%s) on %s", type(exc).__name__, request.url.path)
    detail = "the session store (MongoDB) is not reachable; try again shortly"
    return problem(503, detail, instance=request.url.path)


def create_app(
    *,
    database: DatabaseOpener | None = None,
    token_settings: TokenSettings | None = None,
    refresh_ttl: timedelta = REFRESH_TTL,
    clock: Clock = utc_now,
) -> FastAPI:
    """The lesson's app. ``database`` opens the MongoDB database (default: the lesson's own,
    real or embedded); ``clock`` is when "now" is for refresh tokens (tests move it)."""
    settings = token_settings or TokenSettings()
    if "access_ttl_s" not in settings.model_fields_set:
        settings = settings.model_copy(update={"access_ttl_s": ACCESS_TTL_S})
    opener = database or (lambda: open_mongo(LESSON_DB))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("signing keys: %s", app.state.keys.describe())
        async with opener() as db:
            await ensure_indexes(db[COLLECTION])
            app.state.db = db
            yield

    app = create_service(LESSON, lifespan=lifespan)
    app.add_exception_handler(ConnectionFailure, database_down)
    # Keys are generated at start unless JWT_* says otherwise: a restart ends every access
    # token, while refresh tokens (in the database) survive it and mint new access tokens.
    app.state.keys = settings.key_ring()
    app.state.policy = settings.policy()
    app.state.users = demo_users()
    app.state.refresh_ttl = refresh_ttl
    app.state.clock = clock
    app.include_router(router)
    return app
