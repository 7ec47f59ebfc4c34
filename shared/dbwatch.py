"""Introduced on Day 16: which commands a request sent to MongoDB, from PyMongo's own monitoring.

PyMongo calls every registered ``CommandListener`` for each command it sends (``find``,
``insert``, ``getMore``…), with the command itself. ``started`` runs in the task that awaits the
operation, so a ``ContextVar`` ties each command to the request (or test) that sent it — no
locks, nothing shared between requests. Day 16 counts them to catch an N+1; Day 17 proves an
injection was refused *before* any query went out.

Listeners are read when a client is *created*, so this module registers globally, once, when
it is imported: a lesson imports it before its lifespan opens the client.

    with watching() as sent:
        await db.users.find_one({"username": "ada"})
    counts(sent)                             # -> Counter({"find": 1})
    sent[0].name, sent[0].body["filter"]     # -> "find", {"username": "ada"}

:class:`ShowCommands` puts the count on every response: ``x-db-commands: find=1`` or ``none``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pymongo import monitoring
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-db-commands"


@dataclass(frozen=True)
class Sent:
    name: str
    body: dict[str, Any]


# A tuple, so nested scopes (a test around a request) each see the commands sent inside them.
_active: ContextVar[tuple[list[Sent], ...]] = ContextVar("db_commands_sent", default=())


class CommandWatcher(monitoring.CommandListener):
    def started(self, event: monitoring.CommandStartedEvent) -> None:
        for sent in _active.get():
            sent.append(Sent(event.command_name, dict(event.command)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@contextmanager
def watching() -> Iterator[list[Sent]]:
    """Collect the commands this task (and the tasks it starts) sends inside the ``with``."""
    sent: list[Sent] = []
    token = _active.set((*_active.get(), sent))
    try:
        yield sent
    finally:
        _active.reset(token)


def counts(sent: list[Sent]) -> Counter[str]:
    """How many of each command: ``Counter({"find": 2})``."""
    return Counter(s.name for s in sent)


def summary(sent: list[Sent]) -> str:
    """``find=1, insert=1`` — or ``none``."""
    return ", ".join(f"{name}={n}" for name, n in sorted(counts(sent).items())) or "none"


class ShowCommands:
    """ASGI middleware: each response says which database commands its request sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with watching() as sent:

            async def send_with_summary(message: Message) -> None:
                # The handler has sent its queries by the time its response starts.
                if message["type"] == "http.response.start":
                    MutableHeaders(scope=message).append(HEADER, summary(sent))
                await send(message)

            await self.app(scope, receive, send_with_summary)


monitoring.register(CommandWatcher())
