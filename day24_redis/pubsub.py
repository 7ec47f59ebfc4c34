"""Pub/sub: fire-and-forget messages to whoever is listening right now — at-most-once.

``PUBLISH channel message`` hands the message to every client subscribed to that channel
*at that moment* and answers how many there were. Redis stores nothing: a message published
while nobody listens is gone, and a subscriber that disconnects for a second misses what
was sent in that second, with no way to ask for it again. Delivery is at-most-once.

That suits signals whose loss is harmless or soon repaired: "cache key X changed", "a new
chat message is waiting" (the client then reads the history from a store), live dashboards.
For work that must not be lost use a stream (``streams.py``): entries stay, and a consumer
group tracks what was acknowledged.

The app runs one :class:`Subscriber` as a background task, listening on the ``news`` channel
and keeping the last few messages it heard, so ``GET /pubsub/received`` can show them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import ConnectionError, TimeoutError

from day24_redis.keyspace import KeysDep, Name, RedisDep, Strict
from shared.errors import problem_responses

log = logging.getLogger("course.day24")

#: the channel the app's own subscriber listens on
LISTENED = "news"
KEEP = 50


class Heard(BaseModel):
    channel: str
    message: str


class Subscriber:
    """A task that subscribes to one channel and keeps the last ``keep`` messages heard."""

    def __init__(self, pubsub: PubSub, channel: str, keep: int = KEEP) -> None:
        self.pubsub = pubsub
        self.channel = channel
        self.heard: deque[Heard] = deque(maxlen=keep)
        self.task: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, r: Redis, channel: str, keep: int = KEEP) -> Subscriber:
        # SUBSCRIBE before the task starts: once this returns, publishes reach us.
        pubsub = r.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(channel)
        subscriber = cls(pubsub, channel, keep)
        subscriber.task = asyncio.create_task(subscriber._listen(), name=f"subscriber {channel}")
        return subscriber

    @property
    def listening(self) -> bool:
        return self.task is not None and not self.task.done()

    async def _listen(self) -> None:
        try:
            while True:
                # A timeout, not a blocking read: the connection's socket_timeout would turn a
                # quiet minute into an error. None just means "nothing this second".
                message = await self.pubsub.get_message(timeout=1.0)
                if message is not None and message["type"] == "message":
                    self.heard.append(Heard(channel=message["channel"], message=message["data"]))
        except (ConnectionError, TimeoutError) as exc:
            # Whatever is published until someone subscribes again is lost: at-most-once.
            # (On Ctrl-C the private redis-server stops first, so this line shows up then too.)
            log.warning(
                "subscriber on %s stopped: lost its connection to Redis (%s)", self.channel, exc
            )

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        with contextlib.suppress(ConnectionError, TimeoutError, OSError):
            await self.pubsub.aclose()


class PublishIn(Strict):
    message: str = Field(min_length=1, max_length=1000)


class PublishedOut(BaseModel):
    #: subscribers that got it; 0 means nobody was listening and the message is gone
    receivers: int


class ReceivedOut(BaseModel):
    listening: bool
    channel: str
    #: oldest first
    messages: list[Heard]


router = APIRouter(prefix="/pubsub", tags=["pub/sub"])


@router.post("/{channel}", response_model=PublishedOut, responses=problem_responses(503))
async def publish(channel: Name, body: PublishIn, r: RedisDep, keys: KeysDep) -> PublishedOut:
    """PUBLISH: delivered to current subscribers only (the app listens on ``news``)."""
    return PublishedOut(receivers=await r.publish(keys.key("channel", channel), body.message))


@router.get("/received", response_model=ReceivedOut)
async def received(request: Request) -> ReceivedOut:
    """What the app's subscriber has heard on ``news`` (the last 50)."""
    subscriber: Subscriber = request.app.state.subscriber
    return ReceivedOut(
        listening=subscriber.listening,
        channel=subscriber.channel,
        messages=list(subscriber.heard),
    )
