"""Introduced on Day 06: ``create_app`` — the FastAPI app every later lesson starts from.

Days 01–05 write their few routes (``/health`` included) by hand; that is their lesson. From
Day 06 on, a lesson calls ``create_app(LESSON)`` and gets, already wired:

* ``GET /health`` — liveness: the process is up and answering (Day 11 adds readiness);
* ``GET /`` — a small HTML page about the lesson, with links to ``/docs``;
* a request-body size limit (``Settings.max_body_bytes``), answered with 413 before a handler
  ever sees the bytes — FastAPI itself would read a body of any size into memory.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.lesson import Lesson
from shared.settings import get_settings


class Health(BaseModel):
    status: str = "ok"
    day: int


def create_app(
    lesson: Lesson, *, lifespan: Callable[..., Any] | None = None, **kwargs: Any
) -> FastAPI:
    """A FastAPI app titled after the lesson, with ``/health``, ``/`` and a body-size limit."""
    app = FastAPI(
        title=f"Day {lesson.day:02d} · {lesson.title}",
        description="\n".join(f"* {bullet.text}" for bullet in lesson.learn),
        version="1.0.0",
        lifespan=lifespan,
        **kwargs,
    )
    app.state.lesson = lesson

    @app.get("/health", tags=["health"], response_model=Health)
    async def health() -> Health:
        """Liveness: answers as long as the process can serve a request."""
        return Health(day=lesson.day)

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    async def lesson_page() -> str:
        return lesson_html(lesson)

    app.add_middleware(BodyLimit, max_bytes=get_settings().max_body_bytes)
    return app


def lesson_html(lesson: Lesson, docs: str = "docs") -> str:
    items = "".join(f"<li>{inline_code(bullet.text)}</li>" for bullet in lesson.learn)
    tries = "".join(f"<li><code>{html.escape(t)}</code></li>" for t in lesson.try_these)
    return (
        "<!doctype html><meta charset=utf-8>"
        f"<title>Day {lesson.day:02d} · {html.escape(lesson.title)}</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}"
        "code{background:#f3f3f3;padding:0 .2em}</style>"
        f"<h1>Day {lesson.day:02d} · {html.escape(lesson.title)}</h1>"
        f"<p><a href='{docs}'>Interactive API docs</a> · <a href='health'>health</a></p>"
        f"<h2>You'll learn</h2><ul>{items}</ul>"
        + (f"<h2>Try</h2><ul>{tries}</ul>" if tries else "")
    )


def inline_code(markdown: str) -> str:
    """A bullet's text as HTML: escaped, with its `backticked` spans as <code>."""
    parts = html.escape(markdown).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


class BodyLimit:
    """Refuse request bodies larger than ``max_bytes`` with 413, declared or streamed.

    A declared ``Content-Length`` over the limit is refused before reading a byte. A chunked
    body is counted as it arrives; once it passes the limit the handler's own response is
    dropped and replaced by the 413, so no handler acts on a truncated body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send, scope)
            return

        seen = 0
        too_big = False
        more_body = True

        async def counting_receive() -> Message:
            nonlocal seen, too_big, more_body
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                more_body = message.get("more_body", False)
                if seen > self.max_bytes:
                    too_big = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not too_big:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            # The handler saw a disconnect where its body should be; that is ours to answer.
            if not too_big:
                raise
        if too_big:
            await self._drain(receive, more_body, seen)
            await self._refuse(send, scope)

    async def _drain(self, receive: Receive, more_body: bool, seen: int) -> None:
        # Read (and drop) the rest of a modestly oversized body: a socket closed with unread
        # bytes is reset by the kernel, and the client would see a reset instead of our 413.
        cap = 4 * self.max_bytes
        while more_body and seen < cap:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            more_body = message.get("more_body", False)

    async def _refuse(self, send: Send, scope: Scope) -> None:
        problem = {
            "type": "about:blank",
            "title": "Content Too Large",
            "status": 413,
            "detail": f"request body is larger than {self.max_bytes} bytes",
            "instance": scope.get("path", ""),
        }
        # From Day 08 on, the request-id middleware leaves the id on request.state.
        request_id = scope.get("state", {}).get("request_id")
        if request_id:
            problem["request_id"] = request_id
        body = json.dumps(problem).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
