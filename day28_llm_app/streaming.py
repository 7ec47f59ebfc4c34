"""Streaming to the client: Server-Sent Events of our own design, relayed from the model's stream.

Day 27 passed the model's chunks through as they were. A real API gives its clients events
*it* defines, so the upstream can change without breaking them (the WHATWG HTML standard's
``text/event-stream`` format: an ``event:`` line names the event, ``data:`` carries it, a blank
line ends it):

``token``  ``{"text": "Hel"}`` — a piece of the answer, as soon as the model writes it
``done``   ``{"finish_reason": "stop", "usage": {...}, "turns_stored": 3}`` — the last event
``error``  ``{"detail": "..."}`` — the model failed after the stream began (the status, 200,
           has already been sent; this is the only way left to say so)

Order of work, and why:

1. plan the prompt and **open** the upstream stream *before* answering: a refused prompt (413)
   or a model that is down (503/504/502) is still a proper problem+json response;
2. relay each piece as it comes;
3. only after the last chunk, **store the turn** in memory — a half answer is never remembered;
4. whatever happens, **close the upstream**: if the client hangs up, Starlette cancels the
   relay, and the ``finally`` closes the model's stream, so the model stops writing (and
   billing) an answer no one will read. The close is shielded from that same cancellation.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

import anyio
import httpx
from starlette.responses import StreamingResponse

if TYPE_CHECKING:  # the SDK is imported where a call is made, not when the lesson starts
    from openai import AsyncStream
    from openai.types.chat import ChatCompletionChunk

log = logging.getLogger("course.day28")

#: what each event carries, for /docs (OpenAPI 3.2's ``itemSchema``: one event, not the stream)
EVENT_SCHEMA = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["token", "done", "error"]},
        "data": {"type": "string", "contentMediaType": "application/json"},
    },
}


def sse_response(description: str) -> dict[int | str, dict[str, Any]]:
    content = {"text/event-stream": {"itemSchema": EVENT_SCHEMA}}
    return {200: {"description": description, "content": content}}


class EventStream(StreamingResponse):
    media_type = "text/event-stream"

    def __init__(self, content: AsyncIterator[bytes]) -> None:
        # no-cache: an event stream is never replayed from a cache; X-Accel-Buffering: no
        # stops nginx from collecting the events and delivering them all at the end.
        super().__init__(content, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def event(name: str, data: dict[str, Any]) -> bytes:
    # json.dumps escapes newlines, so the data is one line and cannot end the event early.
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


async def relay(
    stream: AsyncStream[ChatCompletionChunk],
    on_complete: Callable[[str], Awaitable[dict[str, Any]]],
) -> AsyncIterator[bytes]:
    """The model's chunks as ``token`` events, then ``done`` (or ``error``)."""
    pieces: list[str] = []
    finish: str | None = None
    usage: dict[str, int] | None = None
    try:
        async for chunk in stream:
            for choice in chunk.choices:
                if choice.delta.content:
                    pieces.append(choice.delta.content)
                    yield event("token", {"text": choice.delta.content})
                finish = choice.finish_reason or finish
            if chunk.usage:  # the include_usage chunk, last of all
                usage = chunk.usage.model_dump(
                    include={"prompt_tokens", "completion_tokens", "total_tokens"}
                )
        try:
            stored = await on_complete("".join(pieces))
        except Exception:  # e.g. Redis went away: the client has the answer, not the memory
            log.exception("a streamed answer could not be stored")
            yield event("error", {"detail": "the answer was sent but could not be remembered"})
            return
        yield event("done", {"finish_reason": finish, "usage": usage, **stored})
    except Exception as exc:
        from openai import APIError  # noqa: PLC0415 - already imported by the call that streamed

        if not isinstance(exc, APIError | httpx.HTTPError):
            raise
        yield event("error", {"detail": f"the model's stream failed ({type(exc).__name__})"})
    finally:
        with anyio.CancelScope(shield=True):
            await stream.close()
