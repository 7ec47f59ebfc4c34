"""Day 28 app: a support assistant for a bookshop, built on a chat model the way a backend should.

* ``POST   /chat/{session_id}``         — ask; the session's memory goes along; answer + usage
* ``POST   /chat/{session_id}/stream``  — the same, answered as Server-Sent Events
* ``GET    /chat/{session_id}``         — what the session remembers (from Redis)
* ``DELETE /chat/{session_id}``         — forget it
* ``POST   /triage``                    — a customer message in, validated JSON out
* ``GET    /limits``                    — the token budget, the memory bounds, the retry policy
* ``GET    /prompts``                   — the prompt templates, as the model receives them

The model is :func:`shared.llm.open_llm`'s (offline unless ``OPENAI_API_KEY`` is set), the
memory :func:`shared.redis.open_redis`'s (a private redis-server unless ``REDIS_URL`` is set).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from redis.exceptions import RedisError
from starlette.responses import StreamingResponse

from day28_llm_app import LESSON
from day28_llm_app.budget import MAX_OUTPUT_TOKENS, PROMPT_BUDGET_TOKENS, plan
from day28_llm_app.memory import MAX_TURNS, TTL_S, Memory
from day28_llm_app.prompts import FOLDER, assistant_system, template
from day28_llm_app.retries import complete, open_stream, policy_of
from day28_llm_app.streaming import EventStream, relay, sse_response
from day28_llm_app.structured import TriageResult, triage
from shared.errors import problem, problem_responses
from shared.llm import LLM, open_llm
from shared.offline_llm import prompt_tokens
from shared.redis import open_redis
from shared.service import create_service

log = logging.getLogger("course.day28")

LLMOpener = Callable[[], AbstractAsyncContextManager[LLM]]
RedisOpener = Callable[[], AbstractAsyncContextManager[Any]]
#: characters, checked by the schema (422); the token budget (413) is checked after
MAX_MESSAGE_CHARS = 8_000
MAX_TICKET_CHARS = 4_000

SessionId = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="any name you choose, e.g. demo")
]


def current_llm(request: Request) -> LLM:
    return request.app.state.llm


def current_memory(request: Request) -> Memory:
    return request.app.state.memory


Model = Annotated[LLM, Depends(current_llm)]
Remembered = Annotated[Memory, Depends(current_memory)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChatIn(Strict):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    #: the reply's budget: yours to lower, not to raise
    max_tokens: int = Field(default=MAX_OUTPUT_TOKENS, ge=1, le=MAX_OUTPUT_TOKENS)


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class PromptOut(BaseModel):
    estimated_tokens: int
    budget: int
    #: remembered messages sent along, and those left out to fit the budget
    history_sent: int
    history_dropped: int


class ChatOut(BaseModel):
    session_id: str
    answer: str
    finish_reason: str
    usage: Usage | None
    retries: int
    prompt: PromptOut
    turns_stored: int


class Message(BaseModel):
    role: str
    content: str


class MemoryOut(BaseModel):
    session_id: str
    messages: list[Message]
    turns: int
    estimated_tokens: int
    expires_in_s: int | None


class TriageIn(Strict):
    message: str = Field(min_length=1, max_length=MAX_TICKET_CHARS)


class LimitsOut(BaseModel):
    model: str
    offline: bool
    max_output_tokens: int
    prompt_budget_tokens: int
    memory_turns: int
    memory_ttl_s: int
    llm_timeout_s: float
    llm_max_retries: int
    #: every attempt timing out, every backoff at its longest
    worst_case_s: float


async def redis_down(request: Request, exc: Exception) -> JSONResponse:
    """Redis stopped answering: the memory is unavailable, and we say so rather than guess."""
    log.error("Redis is not reachable (%s) on %s", type(exc).__name__, request.url.path)
    return problem(
        503, "the conversation memory (Redis) is not reachable", instance=request.url.path
    )


def create_app(
    *,
    llm: LLMOpener | None = None,
    redis: RedisOpener | None = None,
    key_prefix: str = "day28:",
) -> FastAPI:
    """The lesson's app. ``llm`` and ``redis`` open the backends (defaults: the shared ones);
    ``key_prefix`` namespaces the Redis keys (tests use one of their own)."""
    open_model = llm or open_llm
    open_store = redis or open_redis

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_model() as model, open_store() as store:
            app.state.llm = model
            app.state.memory = Memory(store, prefix=key_prefix)
            yield

    app = create_service(LESSON, lifespan=lifespan)
    app.add_exception_handler(RedisError, redis_down)
    answer_problems = problem_responses(413, 422, 502, 503, 504)

    @app.post(
        "/chat/{session_id}", response_model=ChatOut, tags=["chat"], responses=answer_problems
    )
    async def chat(session_id: SessionId, body: ChatIn, llm: Model, memory: Remembered) -> ChatOut:
        """Ask the assistant; what this session said before is sent along, within the budget."""
        history = await memory.messages(session_id)
        planned = plan(assistant_system(), history, body.message)  # 413 here: nothing sent
        completion, retries = await complete(
            llm, messages=planned.messages, max_completion_tokens=body.max_tokens
        )
        choice = completion.choices[0]
        answer = choice.message.content or ""
        turns = await memory.remember(session_id, body.message, answer)
        usage = completion.usage
        return ChatOut(
            session_id=session_id,
            answer=answer,
            finish_reason=choice.finish_reason,
            usage=Usage(**usage.model_dump(include=set(Usage.model_fields))) if usage else None,
            retries=retries,
            prompt=PromptOut(
                estimated_tokens=planned.prompt_tokens,
                budget=PROMPT_BUDGET_TOKENS,
                history_sent=len(planned.messages) - 2,
                history_dropped=planned.dropped,
            ),
            turns_stored=turns,
        )

    @app.post(
        "/chat/{session_id}/stream",
        # For /docs only (the route returns an EventStream): no media type of its own, so
        # `sse_response` describes the stream event by event.
        response_class=StreamingResponse,
        tags=["chat"],
        responses={
            **sse_response("`token` events, then `done` with the usage (or `error`)"),
            **answer_problems,
        },
    )
    async def chat_stream(
        session_id: SessionId, body: ChatIn, llm: Model, memory: Remembered
    ) -> EventStream:
        """The same as ``POST /chat/{session_id}``, answered token by token as it is written."""
        history = await memory.messages(session_id)
        planned = plan(assistant_system(), history, body.message)
        stream = await open_stream(
            llm, messages=planned.messages, max_completion_tokens=body.max_tokens
        )

        async def store(answer: str) -> dict[str, Any]:
            turns = await memory.remember(session_id, body.message, answer)
            return {"turns_stored": turns, "history_dropped": planned.dropped}

        return EventStream(relay(stream, store))

    @app.get("/chat/{session_id}", response_model=MemoryOut, tags=["memory"])
    async def remembered(session_id: SessionId, memory: Remembered) -> MemoryOut:
        """What the session remembers: the newest turns, as they will be sent."""
        messages = await memory.messages(session_id)
        return MemoryOut(
            session_id=session_id,
            messages=[Message(**m) for m in messages],
            turns=len(messages) // 2,
            estimated_tokens=prompt_tokens(messages) if messages else 0,
            expires_in_s=await memory.ttl(session_id),
        )

    @app.delete("/chat/{session_id}", status_code=204, tags=["memory"])
    async def forget(session_id: SessionId, memory: Remembered) -> Response:
        """Forget the session (idempotent: forgetting twice is fine)."""
        await memory.forget(session_id)
        return Response(status_code=204)

    @app.post(
        "/triage",
        response_model=TriageResult,
        tags=["structured output"],
        responses=problem_responses(422, 502, 503, 504),
    )
    async def triage_ticket(body: TriageIn, llm: Model) -> TriageResult:
        """Classify a customer message into validated fields (retried once if the JSON is bad)."""
        return await triage(llm, body.message)

    @app.get("/limits", response_model=LimitsOut, tags=["limits"])
    async def limits(llm: Model) -> LimitsOut:
        """The budgets and the retry policy in force (from the settings)."""
        policy = policy_of(llm)
        return LimitsOut(
            model=llm.model,
            offline=llm.offline,
            max_output_tokens=MAX_OUTPUT_TOKENS,
            prompt_budget_tokens=PROMPT_BUDGET_TOKENS,
            memory_turns=MAX_TURNS,
            memory_ttl_s=TTL_S,
            llm_timeout_s=policy.timeout_s,
            llm_max_retries=policy.max_retries,
            worst_case_s=policy.worst_case_s,
        )

    @app.get("/prompts", response_model=dict[str, str], tags=["prompts"])
    async def prompts() -> dict[str, str]:
        """The prompt templates (``prompts/*.md``), placeholders and all."""
        return {path.stem: template(path.stem).template for path in sorted(FOLDER.glob("*.md"))}

    return app
