"""Retries you can see: each attempt at a model call is a span, each wait is written down.

Day 28 let the SDK retry, which is right for a chat route but hides the attempts: a slow step
in a trace would be three timeouts and two waits, and nothing would say so. Here the SDK's own
retries are turned off (``with_options(max_retries=0)``) and :func:`traced_chat` retries:

* what is worth retrying — a timeout, a connection error, a 429 or a 5xx — up to
  ``LLM_MAX_RETRIES`` times; a 400 will be a 400 again, so it is not;
* after an exponential backoff, ``base × 2^(n-1)`` capped at ``cap``, with "full jitter"
  (a random wait up to that bound) so many clients that failed together do not retry together;
* every attempt — failed ones with their error and the wait that follows — is a ``chat`` span.

What still fails is mapped as on Day 27 by :func:`shared.llm.upstream_errors`: 504 when the
model was too slow, 502 when it answered with an error, 503 when it cannot be reached.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass
from typing import Any

from day31_agent_debugging.trace import Trace
from shared.agent import ChatModel, ModelTurn, turn_of
from shared.llm import LLM, upstream_errors


@dataclass(frozen=True)
class Backoff:
    retries: int = 2
    base_s: float = 0.5
    cap_s: float = 8.0
    jitter: bool = True

    def delay_s(self, retry: int) -> float:
        """The wait before retry number ``retry`` (1, 2, …)."""
        bound = min(self.cap_s, self.base_s * 2 ** (retry - 1))
        return random.uniform(0, bound) if self.jitter else bound


def retryable(exc: BaseException) -> bool:
    from openai import APIConnectionError, APIStatusError  # noqa: PLC0415 - only on failure

    if isinstance(exc, APIConnectionError):  # timeouts are a subclass
        return True
    return isinstance(exc, APIStatusError) and (exc.status_code == 429 or exc.status_code >= 500)


def traced_chat(llm: LLM, trace: Trace, backoff: Backoff) -> ChatModel:
    """A :class:`shared.agent.ChatModel` that retries with backoff and records every attempt."""
    client = llm.client.with_options(max_retries=0)  # our retries, visible, not the SDK's
    step = 0

    async def chat(messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> ModelTurn:
        nonlocal step
        step += 1
        request: dict[str, Any] = {"messages": messages, "tools": tools}
        extra = {"tools": tools} if tools else {}
        for attempt in range(1, backoff.retries + 2):
            started = trace.now_ms()
            try:
                completion = await client.chat.completions.create(
                    model=llm.model, messages=messages, **extra
                )
            except Exception as exc:
                last = attempt > backoff.retries or not retryable(exc)
                wait = None if last else backoff.delay_s(attempt)
                trace.chat(
                    step,
                    attempt,
                    started,
                    _snapshot(request),
                    error=exc,
                    retry_in_ms=None if wait is None else round(wait * 1000, 1),
                )
                if last:
                    with upstream_errors():
                        raise
                await asyncio.sleep(wait or 0)
                continue
            turn = turn_of(completion)
            trace.chat(step, attempt, started, _snapshot(request), response=turn.response)
            return turn
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    return chat


def _snapshot(request: dict[str, Any]) -> dict[str, Any]:
    # A copy: the loop keeps appending to the same messages list.
    return json.loads(json.dumps(request))
