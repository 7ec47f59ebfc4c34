"""Calling a chat model through the OpenAI SDK: one request, one answer, and what it used.

The code never asks which model it talks to. ``llm.client`` is an ``AsyncOpenAI`` pointed at
the offline model, at OpenAI, or at any server that speaks the same API (Ollama, vLLM); the
request and the response have the same shape everywhere:

* in: ``model``, ``messages``, and knobs — ``max_completion_tokens`` (the reply budget; older
  servers call it ``max_tokens``), ``temperature``…
* out: ``choices[0].message.content``, ``choices[0].finish_reason`` (``"stop"``: finished;
  ``"length"``: cut off by the budget), and ``usage`` — the exact token counts, the bill.

Failures the SDK gives up on (after its retries) become problem+json answers through
:func:`shared.llm.upstream_errors`: 503 unreachable, 504 too slow, 502 anything else.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from day27_llm_basics.context_window import Fit, check_fits
from day27_llm_basics.pricing import cost_of, price_of, usd, what_it_would_cost
from day27_llm_basics.roles import (
    DEFAULT_SYSTEM,
    MAX_HISTORY,
    MAX_MESSAGE_CHARS,
    MAX_SYSTEM_CHARS,
    Turn,
    build_messages,
)
from shared.llm import LLM, upstream_errors

#: the largest reply a client may ask for here (models allow more; this lesson needs less)
MAX_REPLY_TOKENS = 4_096


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    system: str | None = Field(default=DEFAULT_SYSTEM, max_length=MAX_SYSTEM_CHARS)
    history: list[Turn] = Field(default_factory=list, max_length=MAX_HISTORY)
    #: passed on only when given: reasoning models accept nothing but their default
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=MAX_REPLY_TOKENS)


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class CostOut(BaseModel):
    #: USD for this call at the listed price of the model that answered, or None if unlisted
    total_usd: str | None
    input_usd: str | None
    output_usd: str | None
    #: the same usage at every listed price
    on_listed_models: dict[str, str]


class ChatOut(BaseModel):
    answer: str
    model: str
    offline: bool
    finish_reason: str
    usage: Usage | None
    #: what the lesson estimated before sending; ``usage.prompt_tokens`` is the real count
    estimated_prompt_tokens: int
    cost: CostOut | None
    temperature: float | None


def prepare(llm: LLM, body: ChatIn) -> tuple[dict[str, Any], Fit]:
    """The request for the SDK — only once it is known to fit the context window."""
    messages = build_messages(body.message, system=body.system, history=body.history)
    fit = check_fits(messages, llm.model, body.max_tokens)
    params: dict[str, Any] = {
        "model": llm.model,
        "messages": messages,
        "max_completion_tokens": fit.max_tokens,
    }
    if body.temperature is not None:
        params["temperature"] = body.temperature
    return params, fit


async def chat(llm: LLM, body: ChatIn) -> ChatOut:
    params, fit = prepare(llm, body)
    with upstream_errors():
        completion = await llm.client.chat.completions.create(**params)
    choice = completion.choices[0]
    usage = (
        Usage(**completion.usage.model_dump(include=set(Usage.model_fields)))
        if completion.usage
        else None
    )
    return ChatOut(
        answer=choice.message.content or "",
        model=completion.model,
        offline=llm.offline,
        finish_reason=choice.finish_reason,
        usage=usage,
        estimated_prompt_tokens=fit.prompt_tokens,
        cost=priced(llm.model, usage),
        temperature=body.temperature,
    )


def priced(model: str, usage: Usage | None) -> CostOut | None:
    if usage is None:  # some compatible servers do not report usage: no bill to compute
        return None
    price = price_of(model)
    cost = cost_of(usage.prompt_tokens, usage.completion_tokens, price) if price else None
    return CostOut(
        total_usd=usd(cost.total_usd) if cost else None,
        input_usd=usd(cost.input_usd) if cost else None,
        output_usd=usd(cost.output_usd) if cost else None,
        on_listed_models=what_it_would_cost(usage.prompt_tokens, usage.completion_tokens),
    )
