"""What clients may send, and the one shape every acknowledgement has.

An event's data is whatever the other end chose to send. Each event is validated before any
handler logic runs, and a refusal goes back in the ack, never as a crash::

    {"ok": true, "room": "news", "node": "node-4242"}
    {"ok": false, "error": {"code": "invalid", "detail": "…", "fields": [{"loc": ["room"], …}]}}

The acks are Day 32's, built by ``shared.realtime`` (``ok``, ``error``, ``invalid``, ``on_event``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: a room name: lower-case, no spaces (it is also part of a URL: POST /rooms/{room}/messages)
ROOM_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
#: characters in one message; Engine.IO's own limit (max_http_buffer_size) is in bytes
MAX_TEXT = 2000

Room = Annotated[str, Field(pattern=ROOM_PATTERN)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class Payload(BaseModel):
    # Unknown fields are refused: a typo ("rom") is a bug to report, not a field to ignore.
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoomIn(Payload):
    """``join`` and ``leave``."""

    room: Room


class BroadcastIn(Payload):
    """The ``broadcast`` event: a message for everyone in ``room``, on every node."""

    room: Room
    text: Text


class TextIn(Payload):
    """The body of ``POST /rooms/{room}/messages``."""

    text: Text
