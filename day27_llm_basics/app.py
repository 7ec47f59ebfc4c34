"""Day 27 app: a chat model behind a small API — and the numbers that govern every call.

* ``GET  /model``        — which model answers, its context window, its price
* ``POST /tokens``       — a text's token estimate, and how a toy BPE tokenizer cuts it
* ``POST /messages``     — the ``messages`` list a chat request would send (nothing is sent)
* ``POST /sampling``     — temperature and top-p applied to a toy next-token distribution
* ``GET  /prices``       — the dated example price table; ``POST /cost`` prices a usage
* ``POST /chat``         — one call through the OpenAI SDK: answer, usage, cost
* ``POST /chat/stream``  — the same call streamed, passed through as Server-Sent Events

The model is :func:`shared.llm.open_llm`'s: the offline one by default, a real one when
``OPENAI_API_KEY`` is set (and ``OPENAI_BASE_URL`` for Ollama or vLLM).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import StreamingResponse

from day27_llm_basics import LESSON
from day27_llm_basics.chat import ChatIn, ChatOut, chat, prepare
from day27_llm_basics.context_window import limits_for, measure
from day27_llm_basics.pricing import PRICES, PRICES_AS_OF, PRICES_NOTE, cost_of, price_of, usd
from day27_llm_basics.roles import build_messages
from day27_llm_basics.sampling import (
    TOY_LOGITS,
    TOY_PROMPT,
    histogram,
    nucleus,
    probabilities,
    sample,
)
from day27_llm_basics.streaming import EventStream, open_stream, passthrough, sse_response
from day27_llm_basics.tokens import APPROXIMATION, estimate, toy_tokenizer
from shared.backends import redact
from shared.errors import problem_responses
from shared.llm import LLM, open_llm
from shared.service import create_service

#: opens the chat model for the app's life (tests pass their own)
LLMOpener = Callable[[], AbstractAsyncContextManager[LLM]]
MAX_TEXT_CHARS = 20_000
MAX_PIECES_SHOWN = 200


def current_llm(request: Request) -> LLM:
    return request.app.state.llm


Model = Annotated[LLM, Depends(current_llm)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PriceOut(BaseModel):
    input_per_1m: str
    output_per_1m: str


class ModelOut(BaseModel):
    model: str
    offline: bool
    base_url: str
    context_window: int
    max_output_tokens: int
    price: PriceOut | None
    tokens_estimated_as: str


class TextIn(Strict):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class ToyBpeOut(BaseModel):
    tokens: int
    pieces: list[str]
    merges_learned: int


class TokensOut(BaseModel):
    characters: int
    utf8_bytes: int
    words: int
    estimated_tokens: int
    rule: str
    toy_bpe: ToyBpeOut


class MessagesOut(BaseModel):
    messages: list[dict[str, Any]]
    estimated_prompt_tokens: int
    max_tokens: int
    context_window: int
    fits: bool


class SamplingIn(Strict):
    temperature: float = Field(default=1.0, ge=0, le=2)
    top_p: float = Field(default=1.0, gt=0, le=1)
    draws: int = Field(default=20, ge=1, le=1000)
    seed: int | None = Field(default=27, ge=0, le=2**32)
    #: your own next-token scores instead of the toy ones
    logits: (
        dict[
            Annotated[str, Field(min_length=1, max_length=32)],
            Annotated[float, Field(ge=-100, le=100)],
        ]
        | None
    ) = Field(default=None, min_length=2, max_length=50)


class Candidate(BaseModel):
    token: str
    logit: float
    probability: float
    #: still in the running after top-p
    kept: bool


class SamplingOut(BaseModel):
    prompt: str | None
    temperature: float
    top_p: float
    seed: int | None
    candidates: list[Candidate]
    draws: dict[str, int]


class PricesOut(BaseModel):
    as_of: str
    note: str
    prices: dict[str, PriceOut]


ListedModel = Literal[tuple(PRICES)]  # type: ignore[valid-type]


class CostIn(Strict):
    model: ListedModel  # type: ignore[valid-type]
    prompt_tokens: int = Field(ge=0, le=100_000_000)
    completion_tokens: int = Field(ge=0, le=100_000_000)


class CostOut(BaseModel):
    model: str
    input_usd: str
    output_usd: str
    total_usd: str


def price_out(model: str) -> PriceOut | None:
    price = price_of(model)
    if price is None:
        return None
    return PriceOut(input_per_1m=str(price.input_per_1m), output_per_1m=str(price.output_per_1m))


def create_app(*, llm: LLMOpener | None = None) -> FastAPI:
    """The lesson's app; ``llm`` opens the chat model (default: :func:`shared.llm.open_llm`)."""
    opener = llm or open_llm

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with opener() as model:
            app.state.llm = model
            yield

    app = create_service(LESSON, lifespan=lifespan)

    @app.get("/model", response_model=ModelOut, tags=["model"])
    async def model_info(llm: Model) -> ModelOut:
        """The model that answers here: offline or real, its limits and its listed price."""
        limits = limits_for(llm.model)
        return ModelOut(
            model=llm.model,
            offline=llm.offline,
            base_url=redact(llm.base_url),
            context_window=limits.context_window,
            max_output_tokens=limits.max_output_tokens,
            price=price_out(llm.model),
            tokens_estimated_as=APPROXIMATION,
        )

    @app.post(
        "/tokens", response_model=TokensOut, tags=["tokens"], responses=problem_responses(422)
    )
    async def tokens(body: TextIn) -> TokensOut:
        """Count a text's tokens by the stated rule, and cut it with the toy BPE tokenizer."""
        tokenizer = toy_tokenizer()
        ids = tokenizer.encode(body.text)
        return TokensOut(
            characters=len(body.text),
            utf8_bytes=len(body.text.encode()),
            words=len(body.text.split()),
            estimated_tokens=estimate(body.text),
            rule=APPROXIMATION,
            toy_bpe=ToyBpeOut(
                tokens=len(ids),
                pieces=tokenizer.pieces(body.text)[:MAX_PIECES_SHOWN],
                merges_learned=len(tokenizer.merges),
            ),
        )

    @app.post(
        "/messages",
        response_model=MessagesOut,
        tags=["messages"],
        responses=problem_responses(422),
    )
    async def messages(body: ChatIn, llm: Model) -> MessagesOut:
        """The ``messages`` a chat call would send, and whether they fit. Nothing is sent."""
        built = build_messages(body.message, system=body.system, history=body.history)
        fit = measure(built, llm.model, body.max_tokens)
        return MessagesOut(
            messages=built,
            estimated_prompt_tokens=fit.prompt_tokens,
            max_tokens=fit.max_tokens,
            context_window=fit.context_window,
            fits=fit.spare >= 0,
        )

    @app.post(
        "/sampling", response_model=SamplingOut, tags=["sampling"], responses=problem_responses(422)
    )
    async def sampling(body: SamplingIn) -> SamplingOut:
        """Temperature and top-p on next-token scores (the toy ones unless you send your own)."""
        logits = body.logits or TOY_LOGITS
        probs = probabilities(logits, body.temperature)
        kept = nucleus(probs, body.top_p)
        drawn = sample(
            logits,
            temperature=body.temperature,
            top_p=body.top_p,
            draws=body.draws,
            seed=body.seed,
        )
        return SamplingOut(
            prompt=None if body.logits else TOY_PROMPT,
            temperature=body.temperature,
            top_p=body.top_p,
            seed=body.seed,
            candidates=[
                Candidate(token=t, logit=logits[t], probability=round(p, 6), kept=t in kept)
                for t, p in sorted(probs.items(), key=lambda item: -item[1])
            ],
            draws=histogram(drawn),
        )

    @app.get("/prices", response_model=PricesOut, tags=["cost"])
    async def prices() -> PricesOut:
        """The example price table, with its date: data, not truth."""
        return PricesOut(
            as_of=PRICES_AS_OF,
            note=PRICES_NOTE,
            prices={model: price_out(model) for model in PRICES},  # type: ignore[misc]
        )

    @app.post("/cost", response_model=CostOut, tags=["cost"], responses=problem_responses(422))
    async def cost(body: CostIn) -> CostOut:
        """What a usage (prompt and completion tokens) costs at a listed model's price."""
        price = PRICES[body.model]
        amount = cost_of(body.prompt_tokens, body.completion_tokens, price)
        return CostOut(
            model=body.model,
            input_usd=usd(amount.input_usd),
            output_usd=usd(amount.output_usd),
            total_usd=usd(amount.total_usd),
        )

    @app.post(
        "/chat",
        response_model=ChatOut,
        tags=["chat"],
        responses=problem_responses(413, 422, 502, 503, 504),
    )
    async def chat_once(body: ChatIn, llm: Model) -> ChatOut:
        """One chat call through the OpenAI SDK: the answer, its usage and what it cost."""
        return await chat(llm, body)

    @app.post(
        "/chat/stream",
        # For /docs only (the route returns its own EventStream): a response class without a
        # media type lets `sse_response` describe the stream event by event.
        response_class=StreamingResponse,
        tags=["chat"],
        responses={
            **sse_response("The model's chunks as Server-Sent Events, then `data: [DONE]`"),
            **problem_responses(413, 422, 502, 503, 504),
        },
    )
    async def chat_stream(body: ChatIn, llm: Model) -> EventStream:
        """The same call with ``stream=True``: each chunk passed through as it arrives."""
        params, _ = prepare(llm, body)
        stream = await open_stream(llm, params)
        return EventStream(passthrough(stream))

    return app
