"""Introduced on Day 11: the lesson's MongoDB database — a real server when configured, else nx-27017.

    async with open_mongo("day11_health") as db:      # an AsyncDatabase from PyMongo's async API
        await db.books.insert_one({"title": "Dune"})

* ``MONGODB_URL`` set: PyMongo's ``AsyncMongoClient`` connects to it and pings it before the
  lesson serves a request. Unreachable means :class:`BackendUnavailable` (503) with the URL, its
  password hidden — never a quiet switch to the embedded server, which would "save" your data
  somewhere you are not looking.
* not set: :class:`EmbeddedMongo` starts **nx-27017** (the MongoDB wire protocol over SQLite) in
  this process, on a port the OS picks, in memory — or, when ``MONGODB_EMBEDDED_PATH`` is set,
  in a folder (under ``DATA_DIR`` if relative) with one SQLite file per database — and the same
  ``AsyncMongoClient`` talks to it. It stops when the ``async with`` ends.

nx-27017 differs from MongoDB in a few places (null vs missing for ``$ne``/``$exists``,
``explain()`` output, transactions on a single server); lessons do not rely on them, and tests
of real-MongoDB behaviour carry the ``real_mongo`` marker.

In an app: ``lifespan=mongo_lifespan("day15_mongodb_setup")`` keeps the database on
``app.state.db``, and a route takes it with ``db: Db`` (see :func:`get_db`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from shared.backends import BackendUnavailable, choose, embedded_mongo_folder, redact
from shared.settings import Settings, get_settings

log = logging.getLogger("course.mongo")

#: how long a configured server may take to answer the first ping before we give up
SERVER_SELECTION_TIMEOUT_MS = 3000


class EmbeddedMongo:
    """nx-27017 serving a free loopback port from a background thread of this process.

    A thread with its own event loop, rather than a task on the caller's loop, so the server
    outlives any one loop (pytest gives each test a fresh one) and a busy app cannot starve it.
    The OS picks the port (bind to 0) and nothing is written to disk in memory mode — not even
    nx-27017's usual pid file — so two lessons or two test workers never collide.
    """

    def __init__(self, folder: Path | None = None, host: str = "127.0.0.1") -> None:
        self.folder = folder
        self.host = host
        self.port = 0
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        # directConnection: one server, no replica-set discovery to wait for.
        return f"mongodb://{self.host}:{self.port}/?directConnection=true"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, deadline_s: float = 10.0) -> str:
        """Start serving; return the URL. Raise if it is not listening within ``deadline_s``."""
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._run, name="nx-27017", daemon=True)
        self._thread.start()
        if not self._ready.wait(deadline_s):
            self.stop()
            raise BackendUnavailable(f"embedded nx-27017 did not start within {deadline_s} s")
        if self._error is not None:
            raise BackendUnavailable(f"embedded nx-27017 could not start: {self._error}")
        return self.url

    def stop(self, deadline_s: float = 10.0) -> None:
        """Close the port and every client connection, then the SQLite databases."""
        if self._loop is not None and self._stop is not None and self.running:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(deadline_s)

    def __enter__(self) -> EmbeddedMongo:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported by start(); the thread must not die silently
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        from nx_27017.handler import NeoSQLiteHandler  # noqa: PLC0415 - only when embedded

        # data_dir mode: one SQLite database per MongoDB database ("memory": one in-memory
        # database each). The single-file mode would share one database between all names,
        # and its dropDatabase empties every one of them.
        data_dir = "memory" if self.folder is None else str(self.folder)
        # neosqlite logs a WARNING each time it takes a slower internal path (count_documents
        # does): noise a learner cannot act on. Raise its level unless someone configured it.
        quiet = logging.getLogger("neosqlite")
        if quiet.level == logging.NOTSET:
            quiet.setLevel(logging.ERROR)
        handler = NeoSQLiteHandler(data_dir=data_dir)
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()

        async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            from nx_27017.server import handle_client  # noqa: PLC0415

            self._writers.add(writer)
            try:
                await handle_client(reader, writer, handler)
            finally:
                self._writers.discard(writer)

        server = await asyncio.start_server(client, self.host, 0)
        try:
            self.port = server.sockets[0].getsockname()[1]
            self._ready.set()
            await self._stop.wait()
        finally:
            server.close()
            # Drop the clients too: a closed listening socket alone leaves their connections
            # (and, from Python 3.12, server.wait_closed()) hanging.
            for writer in list(self._writers):
                writer.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), 5)
            handler.close_all()


@contextlib.asynccontextmanager
async def open_mongo(
    db_name: str,
    *,
    settings: Settings | None = None,
    timeout_ms: int = SERVER_SELECTION_TIMEOUT_MS,
) -> AsyncIterator[AsyncDatabase]:
    """The database ``db_name`` on the backend :func:`shared.backends.choose` picks, ready to use.

    The database name is the lesson's own (a database in ``MONGODB_URL``'s path is ignored),
    so lessons sharing one MongoDB server keep their data apart.
    """
    settings = settings or get_settings()
    choice = choose("mongo", settings)
    embedded: EmbeddedMongo | None = None
    if choice.kind == "real":
        url = choice.target
    else:
        embedded = EmbeddedMongo(embedded_mongo_folder(settings))
        started = time.perf_counter()
        url = await asyncio.to_thread(embedded.start)
        log.info("embedded nx-27017 on %s (%.0f ms)", url, (time.perf_counter() - started) * 1e3)
    # tz_aware: datetimes come back UTC-aware, comparable with datetime.now(UTC).
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        url,
        serverSelectionTimeoutMS=timeout_ms,
        tz_aware=True,
        appname=f"course:{db_name}",
    )
    try:
        db = client[db_name]
        await ping(db, url=url)
        yield db
    finally:
        await client.close()
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)


async def ping(db: AsyncDatabase, *, url: str | None = None) -> float:
    """Round-trip one ``ping`` command; return its time in ms, or raise BackendUnavailable."""
    started = time.perf_counter()
    try:
        await db.command("ping")
    except PyMongoError as exc:
        where = redact(url) if url else "the configured MongoDB"
        # PyMongo names host:port in its message, never the credentials.
        raise BackendUnavailable(
            f"MongoDB at {where} is not reachable: {_first_line(exc)}", backend="mongo"
        ) from exc
    return (time.perf_counter() - started) * 1e3


def mongo_lifespan(db_name: str) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager]:
    """A FastAPI ``lifespan`` that opens ``db_name`` for the app's life, on ``app.state.db``."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_mongo(db_name) as db:
            app.state.db = db
            yield

    return lifespan


def get_db(request: Request) -> AsyncDatabase:
    """FastAPI dependency: the database the app's lifespan opened (``app.state.db``)."""
    db = getattr(request.app.state, "db", None)
    if db is None:
        raise BackendUnavailable("the database is not open (the app's lifespan did not run)")
    return db


Db = Annotated[AsyncDatabase, Depends(get_db)]


def _first_line(exc: BaseException) -> str:
    text = str(exc).split(", Timeout:")[0]  # PyMongo appends its whole topology description
    return text.splitlines()[0] if text else type(exc).__name__
