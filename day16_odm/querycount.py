"""Counting the commands a request sends to MongoDB, with PyMongo's command monitoring.

PyMongo calls a ``CommandListener`` for every command it sends (``find``, ``insert``,
``getMore``…). Its ``started`` runs inside the task that awaits the operation, so a
``ContextVar`` tells which request (or test) a command belongs to — no locks, no globals
shared between requests.

Listeners are read when a client is *created*: ``AsyncMongoClient(event_listeners=[…])``, or
``monitoring.register(…)`` beforehand for every client made after it. ``shared.mongo`` builds
the lesson's client, so this module registers globally, once, when it is imported (``app.py``
imports it before the lifespan opens the client).

    with counting() as counts:
        await Book.find(db).all()
    counts["find"]  # -> 1

:class:`CountCommands` puts the same numbers on every response: ``x-db-commands: find=2``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pymongo import monitoring
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-db-commands"
# A tuple, so nested scopes (a test around a request) each see the commands sent inside them.
_active: ContextVar[tuple[Counter[str], ...]] = ContextVar("db_command_counters", default=())


class CommandCounter(monitoring.CommandListener):
    def started(self, event: monitoring.CommandStartedEvent) -> None:
        for counts in _active.get():
            counts[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count the commands sent by this task (and tasks it starts) inside the ``with``."""
    counts: Counter[str] = Counter()
    token = _active.set((*_active.get(), counts))
    try:
        yield counts
    finally:
        _active.reset(token)


def summary(counts: Counter[str]) -> str:
    """``find=2, insert=1`` — or ``none``."""
    return ", ".join(f"{name}={n}" for name, n in sorted(counts.items())) or "none"


class CountCommands:
    """ASGI middleware: count each request's database commands into a response header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with counting() as counts:

            async def send_with_count(message: Message) -> None:
                # The handler has finished its queries by the time the response starts.
                if message["type"] == "http.response.start":
                    MutableHeaders(scope=message).append(HEADER, summary(counts))
                await send(message)

            await self.app(scope, receive, send_with_count)


monitoring.register(CommandCounter())
