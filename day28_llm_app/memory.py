"""Conversation memory: the turns of each session, kept in Redis and sent again on every call.

A chat model remembers nothing (Day 27); the backend keeps the conversation and sends it
back. Per session, one Redis list holds the messages in order, each a small JSON object::

    day28:session:<id>:messages  ->  [{"role": "user", ...}, {"role": "assistant", ...}, ...]

Bounded three ways, because every remembered word is paid for again on every call:

* at most :data:`MAX_TURNS` turns are stored (``LTRIM`` after each write);
* a session idle for :data:`TTL_S` seconds expires (``EXPIRE``, renewed by each turn);
* at call time, :func:`day28_llm_app.budget.plan` sends only the newest turns that fit.

A turn is written only once the answer is complete, question and answer together in one
``MULTI``/``EXEC`` transaction: a failed call, a refused prompt or a client that hung up
mid-stream leaves the memory exactly as it was.
"""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as aioredis

MAX_TURNS = 10
TTL_S = 24 * 3600


class Memory:
    def __init__(
        self,
        redis: aioredis.Redis,
        *,
        prefix: str = "day28:",
        max_turns: int = MAX_TURNS,
        ttl_s: int = TTL_S,
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        self.max_turns = max_turns
        self.ttl_s = ttl_s

    def key(self, session_id: str) -> str:
        return f"{self.prefix}session:{session_id}:messages"

    async def messages(self, session_id: str) -> list[dict[str, Any]]:
        """The remembered messages, oldest first."""
        return [json.loads(item) for item in await self.redis.lrange(self.key(session_id), 0, -1)]

    async def remember(self, session_id: str, question: str, answer: str) -> int:
        """Store one complete turn; return how many turns the session now keeps."""
        key = self.key(session_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(
                key,
                json.dumps({"role": "user", "content": question}),
                json.dumps({"role": "assistant", "content": answer}),
            )
            pipe.ltrim(key, -2 * self.max_turns, -1)  # the newest turns only
            pipe.expire(key, self.ttl_s)
            pipe.llen(key)
            *_, length = await pipe.execute()
        return length // 2

    async def ttl(self, session_id: str) -> int | None:
        seconds = await self.redis.ttl(self.key(session_id))
        return seconds if seconds >= 0 else None

    async def forget(self, session_id: str) -> bool:
        return bool(await self.redis.delete(self.key(session_id)))
