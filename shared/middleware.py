"""Introduced on Day 08: request id, timing and an access log, as one pure-ASGI middleware.

Every response carries ``X-Request-ID`` (the caller's, if it sent a sane one, else a new one)
and ``Server-Timing: app;dur=<ms>``; every request is logged once, with the same id, so a
user's bug report ("request 3f2a… failed") leads straight to the log line. The id is kept in
a context variable so any log record written while handling the request can include it.

Log lines about a request end with ``[request <id>]`` and carry ``record.request_id``, so the
id is there whatever log format is in use; ``configure_logging()`` prints the ``course.*``
loggers (uvicorn only configures its own).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator
from typing import TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("course.access")

# Only ids that are short and plain are echoed back: a header value goes into our logs, and a
# newline or a megabyte in it would forge log lines or flood them.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

#: the logger every lesson logs under (``course.access``, ``course.errors``, ``course.day09``…)
COURSE_LOGGER = "course"
LOG_FORMAT = "%(levelname)-8s %(name)s: %(message)s"


def current_request_id() -> str:
    """The id of the request being handled, or ``"-"`` outside a request."""
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` so a log format can print ``%(request_id)s``."""

    def filter(self, record: logging.LogRecord) -> bool:
        # A record may already carry the id it is about (``extra={"request_id": ...}``), e.g.
        # a background job logging after its request's context is gone; keep that one.
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def configure_logging(level: str | int = "info") -> logging.Logger:
    """Print the course's log lines (idempotent): one handler on the ``course`` logger.

    uvicorn's logging config only covers ``uvicorn.*``; without a handler of our own, INFO
    lines such as the access log would vanish. Records still propagate to the root logger,
    so pytest's ``caplog`` sees them too.
    """
    logger = logging.getLogger(COURSE_LOGGER)
    logger.setLevel(level.upper() if isinstance(level, str) else level)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
    return logger


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is *now* (test runners swap it between tests)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


class RequestContext:
    """Request id in and out, a timing header, and one access-log line per request.

    Pure ASGI (a class with ``__call__(scope, receive, send)``) rather than
    ``@app.middleware("http")``: it wraps the ``send`` callable instead of building a
    ``Response`` object, so streamed bodies pass through untouched and no extra task is
    spawned per request. Add it last, so it is the outermost layer and sees every answer,
    including those other middleware produce on their own (CORS preflights, 413s).
    """

    def __init__(self, app: ASGIApp, header: str = "x-request-id") -> None:
        self.app = app
        # ASGI header names are lower-case bytes; accept "X-Request-ID" spelled any way.
        self.header = header.lower().encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(self.header, b"").decode("latin-1")
        rid = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id_var.set(rid)
        # Also on request.state, for layers that must not import this module (shared.app's 413).
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500  # what the log says if the app fails before answering

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                elapsed_ms = (time.perf_counter() - started) * 1000
                # Ours is the only request id on the way out: drop one an inner layer set.
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != self.header
                ]
                headers.append((self.header, rid.encode()))
                headers.append((b"server-timing", f"app;dur={elapsed_ms:.1f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            # The path only: a query string may carry tokens that do not belong in a log.
            access_log.info(
                "%s %s -> %d in %.1f ms [request %s]",
                scope["method"],
                scope["path"],
                status,
                elapsed_ms,
                rid,
                extra={"request_id": rid},
            )
            request_id_var.reset(token)


@contextlib.contextmanager
def quiet_access_log() -> Iterator[None]:
    """Silence the access log while a demo or benchmark prints its story, then restore it.

    Restoring matters: tests run demos in-process, and a level left at WARNING would hide the
    access log from every later test in the same process.
    """
    previous = access_log.level
    access_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        access_log.setLevel(previous)
