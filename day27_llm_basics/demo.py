"""``python -m day27_llm_basics demo``: one model, seven ideas, narrated step by step.

It talks to the same model the app would (offline unless ``OPENAI_API_KEY`` is set), through
the same functions the endpoints use. With a real model it makes five small calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from day27_llm_basics.chat import ChatIn, chat, prepare
from day27_llm_basics.context_window import ContextWindowExceeded, check_fits
from day27_llm_basics.roles import Turn, build_messages
from day27_llm_basics.sampling import TOY_LOGITS, TOY_PROMPT, histogram, sample
from day27_llm_basics.streaming import open_stream
from day27_llm_basics.tokens import estimate, toy_tokenizer
from shared.backends import redact
from shared.llm import LLM, open_llm

Say = Callable[[str], None]


async def run(say: Say) -> None:
    async with open_llm() as llm:
        kind = "the offline model (rules, no API key)" if llm.offline else "a real model"
        say(f"0. Talking to {llm.model!r}, {kind}, at {redact(llm.base_url)}")
        tokens(say)
        roles(say)
        await call(llm, say)
        await temperature(llm, say)
        await stream(llm, say)
        window(llm, say)


def tokens(say: Say) -> None:
    say("1. Tokens: the model's unit of reading, limits and billing")
    tokenizer = toy_tokenizer()
    for text in ("The model reads tokens", "antidisestablishmentarianism", "héllo 👋"):
        pieces = tokenizer.pieces(text)
        say(f"   {text!r}: about {estimate(text)} by the 4-characters rule; toy BPE: {pieces}")
    say("   -> common words are one token, rare ones several, an emoji up to 4 (one per byte)")


def roles(say: Say) -> None:
    say("2. Messages: system (ours), then the conversation, then the new user message")
    history = [
        Turn(role="user", content="my name is Ada"),
        Turn(role="assistant", content="Hi Ada"),
    ]
    for message in build_messages("what is my name?", history=history):
        say(f"   {message['role']:>9}: {message['content']}")


async def call(llm: LLM, say: Say) -> None:
    say("3. One call through the OpenAI SDK")
    with_memory = ChatIn(
        message="what is my name?",
        history=[Turn(role="user", content="my name is Ada"), Turn(role="assistant", content="Hi")],
    )
    without = ChatIn(message="what is my name?")
    for label, body in (("with the earlier turns", with_memory), ("without them", without)):
        out = await chat(llm, body)
        say(f"   {label}: {out.answer}")
    assert out.usage is not None and out.cost is not None
    say(
        f"   usage: {out.usage.prompt_tokens} prompt + {out.usage.completion_tokens} completion "
        f"tokens (estimated before sending: {out.estimated_prompt_tokens})"
    )
    say(f"   cost here: ${out.cost.total_usd or '? (no listed price)'}; at listed prices:")
    for model, usd in out.cost.on_listed_models.items():
        say(f"      {model:<14} ${usd}")


async def temperature(llm: LLM, say: Say) -> None:
    say("4. Temperature: the same question three times at temperature 1.2")
    for _ in range(3):
        out = await chat(llm, ChatIn(message="Name a colour.", temperature=1.2))
        say(f"   {out.answer}")
    if llm.offline:
        say("   -> identical: the offline model follows rules and does not sample")
    say(f"   a sampler on toy scores for {TOY_PROMPT!r} (20 draws, seed 27):")
    for t in (0.0, 0.7, 1.5):
        drawn = histogram(sample(TOY_LOGITS, temperature=t, draws=20, seed=27))
        say(f"      T={t:<4} {drawn}")
    say("   -> T=0 always picks the favourite; higher T spreads the draws over more tokens")


async def stream(llm: LLM, say: Say) -> None:
    say("5. Streaming: the same kind of call with stream=True, chunk by chunk")
    params, _ = prepare(llm, ChatIn(message="hello, stream please"))
    pieces: list[str] = []
    usage = None
    async for chunk in await open_stream(llm, params):
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        if chunk.usage:  # the last chunk, thanks to include_usage: no choices, just usage
            usage = chunk.usage
    say(f"   {len(pieces)} deltas: {' | '.join(pieces)}")
    if usage:
        say(f"   last chunk: usage {usage.prompt_tokens} + {usage.completion_tokens} tokens")


def window(llm: LLM, say: Say) -> None:
    say("6. The context window: a 40 000-character message")
    messages = build_messages("x" * 40_000)
    try:
        check_fits(messages, llm.model, None)
        say("   it fits this model's window")
    except ContextWindowExceeded as exc:
        say(f"   refused before sending (413): {exc.detail}")


def main(argv: list[str]) -> int:
    asyncio.run(run(lambda line: print(line, flush=True)))
    return 0
