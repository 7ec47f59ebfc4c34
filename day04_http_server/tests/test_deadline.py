"""The lazy per-connection deadline: reads fail once it passes, and only then."""

from __future__ import annotations

import asyncio

import pytest

from day04_http_server.deadline import Deadline


async def test_a_passed_deadline_fails_the_waiting_read() -> None:
    reader = asyncio.StreamReader()
    Deadline(reader).expire_in(0.01)
    with pytest.raises(TimeoutError):
        await reader.read(1)  # nothing ever arrives


async def test_a_deadline_moved_later_survives_its_first_timer() -> None:
    reader = asyncio.StreamReader()
    deadline = Deadline(reader)
    deadline.expire_in(0.01)
    deadline.expire_in(30)  # what every keep-alive request does: push the deadline out
    await asyncio.sleep(0.05)  # let the first timer fire: it must re-arm, not expire
    reader.feed_data(b"x")
    assert await reader.read(1) == b"x"
    deadline.cancel()


async def test_a_cleared_deadline_never_fires() -> None:
    reader = asyncio.StreamReader()
    deadline = Deadline(reader)
    deadline.expire_in(0.01)
    deadline.clear()  # the request is in: the handler may take its time
    await asyncio.sleep(0.05)
    reader.feed_data(b"x")
    assert await reader.read(1) == b"x"
    assert reader.exception() is None
