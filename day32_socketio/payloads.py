"""What clients may send, as pydantic models, and the one shape every acknowledgement has.

An event's data is whatever JSON the other end chose to send: a string where an object was
expected, a megabyte of text, a field we never asked for. Each event is validated against
its model before any handler logic runs, and a refusal goes back *in the ack*::

    {"ok": true, "id": "5f0c…"}
    {"ok": false, "error": {"code": "invalid", "detail": "…", "fields": [{"loc": ["text"], …}]}}

— the Socket.IO counterpart of the course's problem+json: one format, whatever went wrong.
``shared.realtime`` builds those acks (``ok``, ``error``, ``invalid``) and runs each event
through its model (``on_event``), so that Day 33's nodes answer in the same shape.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

#: a display name: short and plain, since every other client renders it
NAME_PATTERN = r"^[A-Za-z0-9_.-]{1,24}$"
#: a room name: lower-case, no spaces (it is also part of a URL a learner may type)
ROOM_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
#: characters in one chat message; Engine.IO's own limit (max_http_buffer_size) is in bytes
MAX_TEXT = 2000

Name = Annotated[str, Field(pattern=NAME_PATTERN)]
Room = Annotated[str, Field(pattern=ROOM_PATTERN)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class Payload(BaseModel):
    # Unknown fields are refused: a typo ("rom") is a bug to report, not a field to ignore.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Hello(Payload):
    """The ``auth`` object of the connection: who this connection says it is."""

    name: Name


class RoomIn(Payload):
    """``join`` and ``leave``."""

    room: Room


class MessageIn(Payload):
    room: Room
    text: Text


class TypingIn(Payload):
    room: Room
    # Strict: "false" (a string) is truthy in JavaScript and would show "typing…" forever.
    typing: StrictBool


class PrivateIn(Payload):
    to: Name
    text: Text
