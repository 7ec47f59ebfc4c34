"""Timeouts and retries: a model is a slow, sometimes failing upstream — bound it, retry it, say so.

Two settings govern every call (:mod:`shared.settings`, read by :func:`shared.llm.open_llm`):

* ``LLM_TIMEOUT_S`` — how long one attempt may take (connecting, and each wait for bytes);
* ``LLM_MAX_RETRIES`` — how many times a failed attempt is tried again.

The OpenAI SDK does the retrying, which is the right place for it: it knows what is safe to
retry — connection errors, timeouts, 408, 409, 429 and 5xx — and what is not (a 400 will be a
400 again). Between attempts it waits 0.5 s, then 1 s, 2 s… (capped at 8 s, minus up to 25 %
jitter so that many clients do not retry in lockstep), or what the server's ``Retry-After``
asks for. What still fails becomes the course's problem+json through
:func:`shared.llm.upstream_errors`: 504 when the model was too slow, 502 when it answered
with an error, 503 when it cannot be reached.

The worst case is the sum of it all, and it is *your* latency: with the defaults (30 s, 2
retries) a request can take 30 + 0.5 + 30 + 1 + 30 = 91.5 s. Choose the settings from what your
own clients will wait for, not from what the model might need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.llm import LLM, upstream_errors

if TYPE_CHECKING:  # the SDK is imported where a call is made, not when the lesson starts
    from openai import AsyncStream
    from openai.types.chat import ChatCompletion, ChatCompletionChunk

#: the SDK's backoff (openai 2.x): first wait, and the cap on any one wait
BACKOFF_INITIAL_S = 0.5
BACKOFF_MAX_S = 8.0


@dataclass(frozen=True)
class RetryPolicy:
    timeout_s: float
    max_retries: int

    @property
    def worst_case_s(self) -> float:
        """Every attempt times out, and every wait is the longest the backoff allows."""
        waits = sum(min(BACKOFF_INITIAL_S * 2**n, BACKOFF_MAX_S) for n in range(self.max_retries))
        return (self.max_retries + 1) * self.timeout_s + waits


def policy_of(llm: LLM) -> RetryPolicy:
    """The policy the client really uses (from the settings, unless a test built its own)."""
    timeout = llm.client.timeout
    seconds = timeout if isinstance(timeout, int | float) else (timeout.read or 0.0)  # type: ignore[union-attr]
    return RetryPolicy(timeout_s=float(seconds), max_retries=llm.client.max_retries)


async def complete(llm: LLM, **params: Any) -> tuple[ChatCompletion, int]:
    """One chat completion, retried by the SDK as needed; returns it and the retries it took."""
    with upstream_errors():
        # with_raw_response: the same call, plus the HTTP details — here, how many retries.
        raw = await llm.client.chat.completions.with_raw_response.create(model=llm.model, **params)
    return raw.parse(), raw.retries_taken


async def open_stream(llm: LLM, **params: Any) -> AsyncStream[ChatCompletionChunk]:
    """Start a streamed completion. Only the start is retried: once chunks flow, a failure is
    reported to the client as an event, since half an answer cannot be taken back."""
    with upstream_errors():
        return await llm.client.chat.completions.create(
            model=llm.model, stream=True, stream_options={"include_usage": True}, **params
        )
