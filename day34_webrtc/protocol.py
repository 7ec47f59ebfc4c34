"""A data channel carries whatever you put in it: here, small JSON messages with a ``type``.

WebRTC gives an ordered, reliable message pipe (SCTP over DTLS) and nothing more; what the
messages *mean* is ours to define, exactly as with a WebSocket. The Python peer answers:

    {"type": "ping", "id": 7, "t": 1712.5}   → {"type": "pong", "id": 7, "t": 1712.5, "server_t": …}
    {"type": "echo", "text": "hi"}           → {"type": "echo", "text": "hi"}
    {"type": "upper", "text": "hi"}          → {"type": "upper", "text": "HI"}
    {"type": "stats"}                        → {"type": "stats", "frames_sent": …, "frames_received": …}

Anything else — not JSON, an unknown type, a missing field, a message over ``MAX_MESSAGE`` —
gets ``{"type": "error", "detail": …}`` and the channel stays open: the peer on the other end
is a stranger's browser, and one bad message must not end the call.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

#: the largest message the Python peer reads; SCTP itself allows 256 KiB (a=max-message-size)
MAX_MESSAGE = 16 * 1024


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ping(_Message):
    type: Literal["ping"]
    id: int = Field(ge=0, le=2**53)
    #: the sender's clock, echoed untouched: round-trip time = now - t, on the sender's clock
    t: float


class Echo(_Message):
    type: Literal["echo"]
    text: str = Field(max_length=4096)


class Upper(_Message):
    type: Literal["upper"]
    text: str = Field(max_length=4096)


class Stats(_Message):
    type: Literal["stats"]


Message = Annotated[Ping | Echo | Upper | Stats, Field(discriminator="type")]
_parse = TypeAdapter(Message).validate_json


def reply(raw: str | bytes, stats: Callable[[], dict[str, Any]] = dict) -> str:
    """The Python peer's answer to one data-channel message, always a JSON text message."""
    if isinstance(raw, bytes):
        return _error("send text (JSON), not binary")
    if len(raw) > MAX_MESSAGE:
        return _error(f"message larger than {MAX_MESSAGE} characters")
    try:
        message = _parse(raw)
    except ValidationError as exc:
        # The first problem only, without the input: enough for a client to fix its message.
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "message"
        return _error(f"{where}: {first['msg']}")
    match message:
        case Ping():
            answer: dict[str, Any] = {**message.model_dump(), "type": "pong"}
            answer["server_t"] = time.time() * 1000
        case Echo():
            answer = message.model_dump()
        case Upper():
            answer = {"type": "upper", "text": message.text.upper()}
        case Stats():
            answer = {"type": "stats", **stats()}
    return json.dumps(answer, ensure_ascii=False)


def _error(detail: str) -> str:
    return json.dumps({"type": "error", "detail": detail})
