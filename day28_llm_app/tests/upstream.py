"""A fake OpenAI-compatible server that misbehaves on purpose: errors, stalls, endless streams.

It counts the calls it gets, so tests can say how many times the lesson really asked, and it
records when a stream it was sending is closed by the other side.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

ANSWER = "fake answer"


class FakeModel:
    def __init__(
        self,
        *,
        failures: int = 0,
        retry_after_ms: int | None = None,
        stall: bool = False,
        stream: str = "complete",  # "complete", "forever" (never ends) or "error" (breaks)
    ) -> None:
        self.failures = failures
        self.retry_after_ms = retry_after_ms
        self.stall = stall
        self.stream = stream
        self.calls = 0
        self.streaming = threading.Event()  # a stream has started sending
        self.stream_closed = threading.Event()  # ...and has been stopped or finished
        self.app = Starlette(
            routes=[Route("/v1/chat/completions", self.completions, methods=["POST"])]
        )

    async def completions(self, request: Request) -> Response:
        body = await request.json()
        self.calls += 1
        if self.calls <= self.failures:
            error = {"message": "the model crashed", "type": "server_error"}
            # A server may say how long to wait; the SDK obeys (up to 60 s) instead of backing off.
            wait = {"retry-after-ms": str(self.retry_after_ms)} if self.retry_after_ms else None
            return JSONResponse({"error": {**error, "param": None, "code": None}}, 500, wait)
        if self.stall:
            # Never answer: wait until the client gives up and hangs up (its timeout).
            await request.receive()
            return Response(status_code=500)
        if body.get("stream"):
            return StreamingResponse(self._chunks(), media_type="text/event-stream")
        return JSONResponse(completion(ANSWER))

    async def _chunks(self) -> AsyncIterator[bytes]:
        try:
            yield sse(chunk({"role": "assistant", "content": ""}))
            yield sse(chunk({"content": "fake "}))
            self.streaming.set()
            if self.stream == "forever":
                await anyio.sleep_forever()  # cancelled when the client disconnects
            if self.stream == "error":
                yield sse({"error": {"message": "overloaded mid-stream", "type": "server_error"}})
                return
            yield sse(chunk({"content": "answer"}))
            yield sse(chunk({}, finish="stop"))
            yield b"data: [DONE]\n\n"
        finally:
            self.stream_closed.set()


def sse(data: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(data)}\n\n".encode()


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": "fake-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def completion(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
    }
