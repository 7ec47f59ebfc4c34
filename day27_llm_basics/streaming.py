"""Streaming: the answer token by token as the model writes it, passed straight to the client.

A model writes its answer one token at a time; a long answer takes seconds. With
``stream=True`` the API sends each piece as soon as it exists, as Server-Sent Events: lines of
``data: {"choices": [{"delta": {"content": "Hel"}}], ...}``, a blank line after each, then
``data: [DONE]``. The SDK parses them into ``ChatCompletionChunk`` objects for us.

``stream_options={"include_usage": True}`` adds one last chunk with no choices and the
``usage`` of the whole call — without it, a stream tells you nothing about what it cost.

The endpoint passes the chunks through unchanged, in the same SSE format, so a browser's
``EventSource``, ``curl -N`` or the OpenAI SDK itself can read them. Two rules keep it honest:

* the upstream call is *opened* before the response starts, so "model down" or "model too
  slow" is still a proper 503/504 problem+json — once the 200 and the first event are out, it
  is too late to change the status, and a failure can only be reported as an ``error`` event;
* the upstream stream is *closed* whatever happens (client gone, error, done), so a client that
  hangs up does not leave the model writing — and billing — an answer nobody reads.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import anyio
import httpx
from starlette.responses import StreamingResponse

from shared.llm import LLM, upstream_errors

if TYPE_CHECKING:  # the SDK is imported where a call is made, not when the lesson starts
    from openai import AsyncStream
    from openai.types.chat import ChatCompletionChunk


class EventStream(StreamingResponse):
    """A ``text/event-stream`` response, unbuffered by proxies and uncached."""

    media_type = "text/event-stream"

    def __init__(self, content: AsyncIterator[bytes]) -> None:
        # X-Accel-Buffering: nginx would otherwise collect the events and send them in bulk.
        super().__init__(content, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


#: one event, as OpenAPI 3.2 describes an event stream's items (``itemSchema``)
EVENT_SCHEMA = {
    "type": "object",
    "required": ["data"],
    "properties": {"event": {"type": "string"}, "data": {"type": "string"}},
}


def sse_response(description: str) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route that answers 200 with an event stream (for ``/docs``)."""
    content = {"text/event-stream": {"itemSchema": EVENT_SCHEMA}}
    return {200: {"description": description, "content": content}}


def sse(data: str, event: str | None = None) -> bytes:
    """One event in the WHATWG wire format. ``data`` must be one line (JSON text always is)."""
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {data}\n\n".encode()


async def open_stream(llm: LLM, params: dict[str, Any]) -> AsyncStream[ChatCompletionChunk]:
    """Start the streamed call; connection, status and timeout failures raise here, as problems."""
    with upstream_errors():
        return await llm.client.chat.completions.create(
            **params, stream=True, stream_options={"include_usage": True}
        )


async def passthrough(stream: AsyncStream[ChatCompletionChunk]) -> AsyncIterator[bytes]:
    """Each chunk as one SSE event, in the API's own JSON, then the API's ``[DONE]``."""
    try:
        async for chunk in stream:
            # exclude_unset: exactly the fields the model sent, nothing the SDK filled in
            yield sse(chunk.model_dump_json(exclude_unset=True))
        yield sse("[DONE]")
    except Exception as exc:
        from openai import APIError  # noqa: PLC0415 - already imported by the call that streamed

        if not isinstance(exc, APIError | httpx.HTTPError):
            raise
        detail = {"error": {"message": f"the model stream failed: {type(exc).__name__}"}}
        yield sse(json.dumps(detail), event="error")
    finally:
        # Shielded: when the client has gone, this generator is being cancelled, and an
        # unshielded await here would be cancelled too, leaving the upstream open.
        with anyio.CancelScope(shield=True):
            await stream.close()
