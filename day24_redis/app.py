"""Day 24 app: a tour of Redis, one small router per idea, and a cache in front of a slow source.

====================  ==================================================  =================
router                routes                                              file
====================  ==================================================  =================
strings               PUT/GET /strings/{name}, POST …/incr                strings.py
hashes                PUT/GET /profiles/{user}, POST …/visits             hashes.py
lists                 POST /queue/jobs, POST /queue/jobs/take, GET …      queue.py
sets                  POST/GET /sets/{name}, GET /sets/{name}/common      sets.py
sorted sets           GET /leaderboards/{board}, PUT/POST …/players/…     leaderboard.py
streams               POST /streams/orders, …/read, …/ack, …/pending, …   streams.py
pub/sub               POST /pubsub/{channel}, GET /pubsub/received        pubsub.py
pipelines             POST /pipeline/strings                              pipelines.py
transactions          PUT/GET /accounts/{name}, POST /transfers           transactions.py
lua scripts           POST /lua/cas/{name}, POST /lua/counters/{name}     scripts.py
caching               GET/PUT /products/{pid}, GET /catalogue/stats       cache.py
server                GET /server/persistence; GET /ready                 persistence.py, app.py
====================  ==================================================  =================

Every key starts with the app's prefix (``day24:``), so the lesson can share your Redis.
When Redis stops answering, every route that needs it answers 503 problem+json
(:func:`redis_down`), and ``GET /health`` still says the process is alive.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.exceptions import ConnectionError, TimeoutError

from day24_redis import (
    LESSON,
    cache,
    hashes,
    leaderboard,
    persistence,
    pipelines,
    pubsub,
    queue,
    scripts,
    sets,
    streams,
    strings,
    transactions,
)
from day24_redis.catalogue import SlowCatalogue
from day24_redis.keyspace import DEFAULT_PREFIX, Keyspace, RedisDep
from shared.errors import problem, problem_responses
from shared.redis import open_redis, ping
from shared.service import create_service

log = logging.getLogger("course.day24")

#: no answer within this long means "Redis is down" (503), not a request hanging forever;
#: longer than the longest block a route asks for (BRPOP / XREADGROUP, 1 s)
SOCKET_TIMEOUT_S = 2.0

ROUTERS = (
    strings.router,
    hashes.router,
    queue.router,
    sets.router,
    leaderboard.router,
    streams.router,
    pubsub.router,
    pipelines.router,
    transactions.router,
    scripts.router,
    cache.router,
    persistence.router,
)


class Ready(BaseModel):
    status: str = "ready"
    redis_ping_ms: float


async def redis_down(request: Request, exc: Exception) -> JSONResponse:
    """redis-py's ConnectionError / TimeoutError, wherever it happens, becomes one 503."""
    log.error("Redis is not reachable (%s: %s) on %s", type(exc).__name__, exc, request.url.path)
    detail = "Redis is not reachable; try again shortly"
    return problem(503, detail, instance=request.url.path, backend="redis")


def create_app(*, prefix: str = DEFAULT_PREFIX, catalogue: SlowCatalogue | None = None) -> FastAPI:
    """The lesson's app; ``prefix`` goes in front of every key (tests use one of their own)."""
    keys = Keyspace(prefix)
    catalogue = catalogue or SlowCatalogue()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # REDIS_URL when set (and down means we do not start), else a private redis-server.
        async with open_redis(socket_timeout=SOCKET_TIMEOUT_S) as r:
            app.state.redis = r
            app.state.scripts = scripts.Scripts(r)
            app.state.cache = cache.ProductCache(r, keys, catalogue, app.state.scripts)
            await streams.ensure_group(r, keys.key("stream", "orders"))
            subscriber = await pubsub.Subscriber.start(r, keys.key("channel", pubsub.LISTENED))
            app.state.subscriber = subscriber
            try:
                yield
            finally:
                await subscriber.stop()

    app = create_service(LESSON, lifespan=lifespan)
    app.state.keys = keys
    app.state.catalogue = catalogue
    app.add_exception_handler(ConnectionError, redis_down)
    app.add_exception_handler(TimeoutError, redis_down)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/ready", response_model=Ready, tags=["health"], responses=problem_responses(503))
    async def ready(r: RedisDep) -> Ready:
        """Readiness: Redis answers PING (``/health`` only says the process is up)."""
        return Ready(redis_ping_ms=round(await ping(r), 3))

    return app
