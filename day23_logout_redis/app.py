"""Day 23 app: two ways to log in — and, the point of the day, to log *out* for real.

Stateless access tokens (a JWT, Day 20) with a Redis denylist:

* ``POST /auth/login``    — password → an access token with a ``jti``
* ``GET  /me``            — protected: signature and claims first, then the denylist
* ``POST /auth/logout``   — the token's ``jti`` goes on the denylist until the token expires

Server-side sessions in Redis, the alternative design:

* ``POST /sessions/login``  — password → a new random session id in an HttpOnly cookie
* ``GET  /sessions/me``     — the session's data, its idle timeout restarted
* ``POST /sessions/logout`` — ``DEL``: the session ends everywhere at once

And ``GET /ready``: is Redis answering? (``/health`` only says the process is.)

Every instance of this app that shares the Redis (and the signing keys) sees the same
denylist and the same sessions: log out on one, refused on all.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Request, Response, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyCookie
from pydantic import BaseModel, ConfigDict, Field, SecretStr
from redis.exceptions import RedisError

from day23_logout_redis import LESSON
from day23_logout_redis.current_user import CurrentUser
from day23_logout_redis.denylist import revoke
from day23_logout_redis.keyspace import DEFAULT_PREFIX, Keyspace
from day23_logout_redis.login_guard import LoginGuard
from day23_logout_redis.redis_down import CLIENT_OPTIONS
from day23_logout_redis.sessions import (
    COOKIE_NAME,
    CSRF_HEADER,
    IDLE_TIMEOUT_S,
    InvalidSession,
    Session,
    SessionStore,
    check_csrf,
    clear_session_cookie,
    presented_id,
    set_session_cookie,
)
from day23_logout_redis.users import USERNAME_PATTERN, User, authenticate, demo_users
from shared.backends import describe
from shared.errors import Unauthorized, problem, problem_responses
from shared.redis import open_redis, ping
from shared.service import create_service
from shared.tokens import KeyRing, TokenSettings, issue

log = logging.getLogger("course.day23")
router = APIRouter()

#: opens the Redis client for the app's life (tests may pass their own)
RedisOpener = Callable[[], AbstractAsyncContextManager[Any]]

# Declared for the OpenAPI (a lock icon in /docs); `current_session` reads the cookie itself.
SESSION_COOKIE = APIKeyCookie(
    name=COOKIE_NAME, auto_error=False, description="set by POST /sessions/login"
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: str = Field(pattern=USERNAME_PATTERN)
    # SecretStr: the password never shows up in a repr, a log line or an error.
    password: SecretStr = Field(min_length=1, max_length=256)


class TokenOut(BaseModel):
    """RFC 6749 §5.1's shape, plus the ``jti`` (to look the denylist entry up yourself)."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    jti: str


class MeOut(BaseModel):
    username: str
    name: str
    jti: str
    expires_at: int


class LogoutOut(BaseModel):
    jti: str
    #: how long the denylist keeps this jti: the token's remaining life (exp + leeway − now)
    denylisted_for_ms: int
    #: true when a concurrent logout of the same token had already written the entry
    already_logged_out: bool


class SessionOut(BaseModel):
    username: str
    name: str
    created_at: int
    #: the session ends after this many seconds without a request (restarted by each one)
    idle_timeout_s: int


class ReadyOut(BaseModel):
    status: Literal["ready"] = "ready"
    redis: str
    ping_ms: float


def store_of(request: Request) -> SessionStore:
    state = request.app.state
    return SessionStore(state.redis, state.keyspace, state.idle_timeout_s)


Store = Annotated[SessionStore, Depends(store_of)]


async def check_password(request: Request, body: LoginIn) -> User:
    """The password check both designs share, behind the failed-login counter."""
    state = request.app.state
    client_ip = request.client.host if request.client else "unknown"
    guard = LoginGuard(state.redis, state.keyspace, body.username, client_ip)
    await guard.attempt()
    user = authenticate(state.users, body.username, body.password.get_secret_value())
    if user is None:
        # One message for "no such user" and "wrong password": no user enumeration.
        raise Unauthorized("wrong username or password")
    await guard.succeeded()
    return user


# --- stateless tokens + denylist --------------------------------------------------------------


@router.post(
    "/auth/login",
    response_model=TokenOut,
    tags=["tokens"],
    responses=problem_responses(401, 413, 429, 503),
)
async def login(body: LoginIn, request: Request, response: Response) -> TokenOut:
    """Check the password; answer an access token. Nothing about it is stored anywhere."""
    user = await check_password(request, body)
    state = request.app.state
    issued = issue(state.keys, state.policy, user.username)
    # The jti names the token in logs; the token itself is a credential and is never logged.
    log.info("issued token %s to %s", issued.claims["jti"], user.username)
    response.headers["Cache-Control"] = "no-store"  # RFC 6749 §5.1
    return TokenOut(
        access_token=issued.token, expires_in=issued.expires_in, jti=issued.claims["jti"]
    )


@router.get("/me", response_model=MeOut, tags=["tokens"], responses=problem_responses(401, 503))
async def me(principal: CurrentUser) -> MeOut:
    """Who the token says you are — if it verifies *and* is not on the denylist."""
    return MeOut(
        username=principal.user.username,
        name=principal.user.name,
        jti=principal.jti,
        expires_at=principal.token.claims["exp"],
    )


@router.post(
    "/auth/logout",
    response_model=LogoutOut,
    tags=["tokens"],
    responses=problem_responses(401, 503),
)
async def logout(principal: CurrentUser, request: Request) -> LogoutOut:
    """Denylist this token until it expires. 503 (and *not* logged out) if Redis is down."""
    state = request.app.state
    revocation = await revoke(
        state.redis, state.keyspace, principal.token.claims, state.policy.leeway_s
    )
    log.info("token %s of %s logged out", revocation.jti, principal.user.username)
    return LogoutOut(
        jti=revocation.jti,
        denylisted_for_ms=revocation.ttl_ms,
        already_logged_out=not revocation.first,
    )


# --- server-side sessions ----------------------------------------------------------------------


async def current_session(
    request: Request, store: Store, _cookie: Annotated[str | None, Security(SESSION_COOKIE)]
) -> tuple[str, Session]:
    session_id = presented_id(request)
    session = await store.load(session_id) if session_id else None
    if session_id is None or session is None:
        raise InvalidSession("no live session: log in at POST /sessions/login")
    return session_id, session


LiveSession = Annotated[tuple[str, Session], Depends(current_session)]


def session_out(session: Session, store: SessionStore) -> SessionOut:
    return SessionOut(
        username=session.username,
        name=session.name,
        created_at=session.created_at,
        idle_timeout_s=store.idle_timeout_s,
    )


@router.post(
    "/sessions/login",
    response_model=SessionOut,
    tags=["sessions"],
    responses=problem_responses(401, 413, 429, 503),
)
async def session_login(
    body: LoginIn, request: Request, response: Response, store: Store
) -> SessionOut:
    """Check the password; start a session under a **new** id (whatever cookie came along)."""
    user = await check_password(request, body)
    session_id, session = await store.create(user, replacing=presented_id(request))
    set_session_cookie(response, session_id)
    response.headers["Cache-Control"] = "no-store"
    return session_out(session, store)


@router.get(
    "/sessions/me",
    response_model=SessionOut,
    tags=["sessions"],
    responses=problem_responses(401, 503),
)
async def session_me(live: LiveSession, store: Store) -> SessionOut:
    """The session's data from Redis; each call restarts its idle timeout."""
    return session_out(live[1], store)


@router.post(
    "/sessions/logout",
    status_code=204,
    tags=["sessions"],
    responses=problem_responses(401, 403, 503),
    description=f"Send `{CSRF_HEADER}` too: the cookie alone does not change state.",
)
async def session_logout(
    request: Request,
    response: Response,
    store: Store,
    _cookie: Annotated[str | None, Security(SESSION_COOKIE)],
) -> None:
    """Delete the session: every copy of its cookie stops working at once."""
    session_id = presented_id(request)
    if session_id is None:
        raise InvalidSession("no session cookie to log out")
    check_csrf(request)
    if not await store.destroy(session_id):
        raise InvalidSession("no live session with this id (already logged out, or expired)")
    clear_session_cookie(response)


# --- readiness ---------------------------------------------------------------------------------


@router.get("/ready", response_model=ReadyOut, tags=["health"], responses=problem_responses(503))
async def ready(request: Request) -> ReadyOut:
    """Readiness: Redis answers a PING. ``/health`` says only that the process is alive."""
    ms = await ping(request.app.state.redis)  # down: BackendUnavailable, a 503 problem
    return ReadyOut(redis=describe("redis"), ping_ms=round(ms, 2))


async def redis_failed(request: Request, exc: Exception) -> JSONResponse:
    """A backstop: a Redis error no route wrapped is still a 503, never a bare 500."""
    log.error("Redis failed on %s: %s", request.url.path, exc)
    detail = "Redis is not reachable; nothing was changed"
    return problem(503, detail, instance=request.url.path, headers={"Retry-After": "5"})


def create_app(
    *,
    redis: RedisOpener | None = None,
    key_prefix: str = DEFAULT_PREFIX,
    token_settings: TokenSettings | None = None,
    keys: KeyRing | None = None,
    idle_timeout_s: int = IDLE_TIMEOUT_S,
) -> FastAPI:
    """The lesson's app.

    ``redis`` opens the client (default: :func:`shared.redis.open_redis` — ``REDIS_URL``, else
    a private redis-server). ``key_prefix`` starts every key. ``keys``: the signing keys —
    instances that should accept each other's tokens share them (``JWT_*`` variables do the
    same across processes); by default they are generated at start.
    """
    settings = token_settings or TokenSettings()
    opener = redis or (lambda: open_redis(**CLIENT_OPTIONS))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Pinged on the way in: a configured Redis that is down stops the start-up here,
        # instead of a quiet switch to an empty one (whose empty denylist would let every
        # logged-out token back in).
        async with opener() as client:
            app.state.redis = client
            log.info("signing keys: %s", app.state.keys.describe())
            yield

    app = create_service(LESSON, lifespan=lifespan)
    app.add_exception_handler(RedisError, redis_failed)
    app.state.keys = keys or settings.key_ring()
    app.state.policy = settings.policy()
    app.state.keyspace = Keyspace(key_prefix)
    app.state.users = demo_users()
    app.state.idle_timeout_s = idle_timeout_s
    app.include_router(router)
    return app
