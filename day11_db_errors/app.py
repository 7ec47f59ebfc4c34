"""Day 11 app: an items API that stays honest, fast and alive while its database is not.

Every database call goes through ``DbGuard`` (``guard.py``); the routes below only say which
calls may be retried. The lifespan connects *lazily*: a database that is down at start-up is
logged and reported by ``/ready``, and the app serves anyway — ``/health`` answers, the
database routes answer 503 — until it comes up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request, Response
from pymongo import AsyncMongoClient

from day11_db_errors import LESSON
from day11_db_errors.breaker import CircuitBreaker
from day11_db_errors.failures import DatabaseUnavailable, is_outage
from day11_db_errors.guard import DbGuard, Timeouts
from day11_db_errors.items import MAX_LIST, Item, ItemId, ItemIn, Items
from day11_db_errors.readiness import Readiness, check, not_ready, watch_start_up
from day11_db_errors.retries import RetryPolicy
from shared.backends import choose, embedded_mongo_folder, redact
from shared.errors import problem_responses
from shared.mongo import EmbeddedMongo
from shared.service import create_service
from shared.settings import get_settings

DB_NAME = "day11_db_errors"
log = logging.getLogger("course.day11")
router = APIRouter()
OUTAGES = problem_responses(503, 504)


def items_of(request: Request) -> Items:
    items = getattr(request.app.state, "items", None)
    if items is None:
        raise DatabaseUnavailable("the database is not open (the app's lifespan did not run)")
    return items


@router.get("/ready", response_model=Readiness, tags=["health"], responses=problem_responses(503))
async def ready(request: Request) -> Readiness:
    """Readiness: 200 when the database answers a ping and the breaker is closed, else 503."""
    state = request.app.state
    readiness = await check(getattr(state, "db", None), state.guard)
    if readiness.status != "ready":
        raise not_ready(readiness)
    return readiness


@router.get("/items", response_model=list[Item], tags=["items"], responses=OUTAGES)
async def list_items(
    request: Request, limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 20
) -> list[Item]:
    return await items_of(request).list(limit)


@router.get(
    "/items/{item_id}",
    response_model=Item,
    tags=["items"],
    responses=problem_responses(404, 503, 504),
)
async def get_item(item_id: ItemId, request: Request) -> Item:
    return await items_of(request).get(item_id)


@router.put(
    "/items/{item_id}",
    response_model=Item,
    tags=["items"],
    responses={201: {"model": Item, "description": "Created"}, **OUTAGES},
)
async def put_item(item_id: ItemId, body: ItemIn, request: Request, response: Response) -> Item:
    """Create or replace: the client names the item, so retrying this is safe."""
    item, created = await items_of(request).put(item_id, body)
    response.status_code = 201 if created else 200
    return item


@router.post("/items", status_code=201, response_model=Item, tags=["items"], responses=OUTAGES)
async def create_item(body: ItemIn, request: Request, response: Response) -> Item:
    """Create with a server-chosen id: attempted once. A 503/504 here means "maybe created"."""
    item = await items_of(request).create(body)
    response.headers["Location"] = f"/items/{item.id}"
    return item


@router.delete("/items/{item_id}", status_code=204, tags=["items"], responses=OUTAGES)
async def delete_item(item_id: ItemId, request: Request) -> None:
    """Delete; 204 whether or not it existed, so a retried delete cannot report a false 404."""
    await items_of(request).delete(item_id)


@contextlib.asynccontextmanager
async def mongo_server(url: str | None) -> AsyncIterator[tuple[str, str]]:
    """``(url, where)``: the URL given, else ``MONGODB_URL``, else an embedded nx-27017."""
    if url:
        yield url, redact(url)
        return
    choice = choose("mongo")
    if choice.kind == "real":
        yield choice.target, choice.where
        return
    embedded = EmbeddedMongo(embedded_mongo_folder(get_settings()))
    started = await asyncio.to_thread(embedded.start)
    try:
        yield started, f"{choice.using} on {started}"
    finally:
        await asyncio.to_thread(embedded.stop)


def database_lifespan(
    mongo_url: str | None, db_name: str
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        guard: DbGuard = app.state.guard
        timeouts = guard.timeouts
        async with contextlib.AsyncExitStack() as stack:
            url, where = await stack.enter_async_context(mongo_server(mongo_url))
            # No ping here: AsyncMongoClient connects lazily, on the first operation, so a
            # database that is down does not stop the app from starting (compare
            # shared.mongo.open_mongo, which pings first and fails fast on purpose).
            client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
                url,
                connectTimeoutMS=int(timeouts.connect_s * 1000),
                # Applies only where no timeoutMS is in effect, and with the line below that is
                # nowhere: CSOT gives server selection whatever time the operation has left.
                # Written out so the number you read is what one attempt really gets.
                serverSelectionTimeoutMS=int(timeouts.attempt_s * 1000),
                # The safety net: any call made outside the guard still ends by then.
                timeoutMS=int(timeouts.request_s * 1000),
                # One retry layer for reads — ours, with backoff, counted, inside the budget —
                # instead of PyMongo's single immediate retry underneath it. retryWrites stays
                # on: on a replica set the server itself drops a retried write it already
                # applied (by its transaction number), which is safe in a way we cannot be.
                retryReads=False,
                tz_aware=True,
                appname=f"course:{db_name}",
            )
            stack.push_async_callback(client.close)
            app.state.db = client[db_name]
            app.state.items = Items(app.state.db, guard)
            log.info("database: %s (connecting lazily)", where)

            stopping = asyncio.Event()
            watcher = asyncio.create_task(
                watch_start_up(
                    lambda: check(app.state.db, guard),
                    interval_s=min(1.0, guard.breaker.reset_timeout_s),
                    where=where,
                    stop=stopping,
                )
            )
            stack.push_async_callback(_stop, watcher, stopping)
            yield

    return lifespan


async def _stop(task: asyncio.Task[None], stopping: asyncio.Event) -> None:
    stopping.set()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def create_app(
    *,
    mongo_url: str | None = None,
    db_name: str = DB_NAME,
    timeouts: Timeouts | None = None,
    retry: RetryPolicy | None = None,
    breaker: CircuitBreaker | None = None,
) -> FastAPI:
    """The lesson's app. Tests pass short timeouts and their own server; ``python -m`` none."""
    breaker = breaker or CircuitBreaker(failure_threshold=5, reset_timeout_s=5.0)
    breaker.is_failure = is_outage
    app = create_service(LESSON, lifespan=database_lifespan(mongo_url, db_name))
    app.state.guard = DbGuard(breaker, retry or RetryPolicy(), timeouts or Timeouts())
    app.include_router(router)
    return app
