"""Day 26 app: three routes limited on Redis, so every process of the app shares one count.

* ``GET  /feed?limit=``  — sliding-window log, 20 per any 1 s per IP; fails open
* ``GET  /search?q=``    — sliding-window counter, 30 per 10 s per IP; fails open
* ``POST /login``        — sliding-window log, 5 per 60 s per IP; fails closed (503)
* ``GET  /limits``       — the policies, and whether each is degraded (Redis unreachable)

Limited answers carry the RateLimit fields of Day 25 and ``X-Limiter-Time``: the Redis ``TIME``
(µs since the epoch) at which the script decided — the clock every process shares.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from collections import deque
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, FastAPI, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from day26_sliding_window import LESSON
from day26_sliding_window.policies import Dependency, Limits, PolicyOut, build, describe
from shared.errors import Unauthorized, problem_responses
from shared.ratelimit import Clock, Decision, rate_limited_responses
from shared.ratelimit_redis import RedisDecision, fail_fast_options
from shared.service import create_service

if TYPE_CHECKING:
    from redis.asyncio import Redis

#: sessions remembered (newest first out): what the server keeps is bounded too
KEEP = 100
TIME_HEADER = "X-Limiter-Time"

POSTS = [f"Post {i}: notes on distributed rate limiting" for i in range(1, 51)]
TITLES = [
    "Designing Data-Intensive Applications",
    "Redis in Action",
    "Site Reliability Engineering",
    "Release It!",
    "Understanding Distributed Systems",
]
# Demo credentials, printed in the README; kept as digests and compared in constant time.
# A real service stores slow hashes (Day 18), never a password in its code.
DEMO_USERS = {"ada": hashlib.sha256(b"correct horse battery staple").digest()}


class LessonSettings(BaseSettings):
    """This lesson's one knob: the prefix of every Redis key it writes."""

    model_config = SettingsConfigDict(env_prefix="DAY26_", env_file=".env", extra="ignore")

    #: two apps with the same prefix share their counts — that is the point across processes,
    #: and a unique prefix per test keeps tests apart on a shared Redis
    key_prefix: str = Field(default="day26:", pattern=r"^[A-Za-z0-9:_.\-]{0,64}$")


class Post(BaseModel):
    id: int
    title: str


class Item(BaseModel):
    id: int
    title: str


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.\-]+$")
    password: str = Field(min_length=1, max_length=256)


class LoginOut(BaseModel):
    user: str
    token: str


def limited(name: str) -> Dependency:
    """The route's limit, looked up per request: the limiters exist only once Redis does.

    It runs Day 25's ``rate_limit`` dependency and adds ``X-Limiter-Time``, the clock the
    decision was made on, so a client (or a test) can line up decisions from every process.
    """

    async def check(request: Request, response: Response) -> Decision:
        limits: Limits = request.app.state.limits
        decision = await getattr(limits, name).check(request, response)
        if isinstance(decision, RedisDecision):
            response.headers[TIME_HEADER] = str(decision.at_us)
        return decision

    check.__name__ = f"limit_{name}"
    return check


def create_app(
    *, redis: Redis | None = None, clock: Clock | None = None, prefix: str | None = None
) -> FastAPI:
    """The app. With ``redis`` (tests) the limits use that client; without, the lifespan
    opens the lesson's Redis (``REDIS_URL``, else a private redis-server). ``clock`` replaces
    Redis TIME with the app's clock (seconds) — for tests that move time by hand."""
    prefix = LessonSettings().key_prefix if prefix is None else prefix

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if redis is not None:
            yield
            return
        from shared.redis import open_redis  # noqa: PLC0415 - starts a server when needed

        async with open_redis(**fail_fast_options()) as client:
            app.state.limits = build(client, prefix=prefix, clock=clock)
            yield

    app = create_service(LESSON, lifespan=lifespan)
    if redis is not None:
        app.state.limits = build(redis, prefix=prefix, clock=clock)
    app.state.sessions = deque(maxlen=KEEP)
    limited_responses = rate_limited_responses()

    @app.get("/limits", tags=["limits"], response_model=list[PolicyOut])
    async def list_limits(request: Request) -> list[PolicyOut]:
        """Every policy: strategy, quota, window, key, failure policy — and whether it is
        degraded right now (its Redis unreachable)."""
        return [describe(guard) for guard in request.app.state.limits.all()]

    @app.get(
        "/feed",
        tags=["feed"],
        response_model=list[Post],
        dependencies=[Depends(limited("feed"))],
        responses={**limited_responses, **problem_responses(422)},
    )
    async def feed(limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[Post]:
        """The newest posts. Sliding-window log: 20 per any 1 s per IP; fails open."""
        return [Post(id=i + 1, title=t) for i, t in enumerate(POSTS[:limit])]

    @app.get(
        "/search",
        tags=["search"],
        response_model=list[Item],
        dependencies=[Depends(limited("search"))],
        responses={**limited_responses, **problem_responses(422)},
    )
    async def search(q: Annotated[str, Query(min_length=1, max_length=100)]) -> list[Item]:
        """Titles containing ``q``. Sliding-window counter: 30 per 10 s per IP; fails open."""
        needle = q.casefold()
        return [Item(id=i + 1, title=t) for i, t in enumerate(TITLES) if needle in t.casefold()]

    @app.post(
        "/login",
        tags=["login"],
        response_model=LoginOut,
        dependencies=[Depends(limited("login"))],
        responses={**limited_responses, **problem_responses(401, 422, 503)},
    )
    async def login(credentials: LoginIn, request: Request) -> LoginOut:
        """Sign in as ``ada``. Sliding-window log: 5 attempts per 60 s per IP, failed or
        not; while Redis is down it answers 503 instead of allowing unlimited guesses."""
        expected = DEMO_USERS.get(credentials.username, b"\0" * 32)
        given = hashlib.sha256(credentials.password.encode()).digest()
        if not (hmac.compare_digest(given, expected) and credentials.username in DEMO_USERS):
            raise Unauthorized("wrong username or password")
        token = secrets.token_urlsafe(24)
        # Only the token's digest is kept: a leaked session table opens no session.
        request.app.state.sessions.append(hashlib.sha256(token.encode()).hexdigest())
        return LoginOut(user=credentials.username, token=token)

    return app
