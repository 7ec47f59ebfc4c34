"""Introduced on Day 08: request id, timing and an access log, as one pure-ASGI middleware.

Every response carries ``X-Request-ID`` (the caller's, if it sent a sane one, else a new one)
and ``Server-Timing: app;dur=<ms>``; every request is logged once, with the same id, so a
user's bug report ("request 3f2a… failed") leads straight to the log line. The id is kept in
a context variable so any log record written while handling the request can include it.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("course.access")

# Only ids that are short and plain are echoed back: a header value goes into our logs, and a
# newline or a megabyte in it would forge log lines or flood them.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` so a log format can print ``%(request_id)s``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestContext:
    """Request id in and out, a timing header, and one access-log line per request."""

    def __init__(self, app: ASGIApp, header: str = "x-request-id") -> None:
        self.app = app
        self.header = header.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(self.header, b"").decode("latin-1")
        rid = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                elapsed_ms = (time.perf_counter() - started) * 1000
                headers = list(message.get("headers", []))
                headers.append((self.header, rid.encode()))
                headers.append((b"server-timing", f"app;dur={elapsed_ms:.1f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            access_log.info(
                "%s %s -> %d in %.1f ms [request %s]",
                scope["method"],
                scope["path"],
                status,
                elapsed_ms,
                rid,
            )
            request_id_var.reset(token)
