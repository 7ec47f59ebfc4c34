"""System, user and assistant messages: the one list a chat model reads, every time, in full.

* ``system`` — the instructions: who the assistant is, what it may do, how to answer. It comes
  first and is written by *you*, the backend, never by the end user.
* ``user`` — what the person asked (this turn, and earlier ones).
* ``assistant`` — what the model answered before.

A chat API is stateless: the model keeps nothing between calls. "Memory" is the backend
sending the earlier turns again, as ``user``/``assistant`` messages, on every request — and
paying for them as prompt tokens each time (Day 28 stores them and trims them to a budget).
Tool calls and tool results are two more roles, for Day 30.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_SYSTEM = (
    "You are a concise assistant in a course about backends. Answer in one or two sentences."
)
#: bounds on what a client may send us; the context window check comes on top of these
MAX_MESSAGE_CHARS = 100_000
MAX_SYSTEM_CHARS = 4_000
MAX_HISTORY = 50


class Turn(BaseModel):
    """One earlier message of the conversation. Only these two roles: the system prompt is ours."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


def build_messages(
    message: str, *, system: str | None = DEFAULT_SYSTEM, history: Sequence[Turn] = ()
) -> list[dict[str, Any]]:
    """The request's ``messages``: system first, then the earlier turns in order, then the new one."""
    messages: list[dict[str, Any]] = []
    if system:
        messages.append({"role": "system", "content": system})
    messages.extend({"role": turn.role, "content": turn.content} for turn in history)
    messages.append({"role": "user", "content": message})
    return messages
