"""Streaming to the client: our own SSE events, relayed from the model's stream."""

from __future__ import annotations

import anyio
from openai.types.chat import ChatCompletionChunk
from redis.exceptions import RedisError

from day28_llm_app.streaming import relay

from .conftest import assert_problem, env_app, parse_sse
from .upstream import FakeModel, chunk


class EndlessStream:
    """Stands in for the SDK's AsyncStream: a few chunks, then nothing, ever; records close()."""

    def __init__(self, *deltas: str, forever: bool = True) -> None:
        self.chunks = [ChatCompletionChunk.model_validate(chunk({"content": d})) for d in deltas]
        self.forever = forever
        self.closed = False

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for c in self.chunks:
            yield c
        if self.forever:
            await anyio.sleep_forever()

    async def close(self) -> None:
        self.closed = True


async def test_token_events_then_a_done_event_with_the_usage(client, llm_calls, redis_client, key):
    r = await client.post("/chat/s1/stream", json={"message": "hello, stream"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(r.text)
    names = [name for name, _ in events]
    assert names[-1] == "done" and set(names[:-1]) == {"token"} and len(names) > 4
    text = "".join(data["text"] for name, data in events if name == "token")
    done = events[-1][1]
    assert done["finish_reason"] == "stop" and done["turns_stored"] == 1
    assert done["usage"]["total_tokens"] == (
        done["usage"]["prompt_tokens"] + done["usage"]["completion_tokens"]
    )
    # stored only now, whole
    assert (await client.get("/chat/s1")).json()["messages"][-1]["content"] == text
    assert llm_calls()[0]["stream_options"] == {"include_usage": True}
    # the same answer as without streaming, in a session with the same (empty) memory
    same = await client.post("/chat/s2", json={"message": "hello, stream"})
    assert same.json()["answer"] == text


async def test_a_model_failing_mid_stream_ends_with_an_error_event_and_no_memory(
    live_app, llm_env, redis_url, redis_prefix, redis_client, key, client_for
) -> None:
    fake = FakeModel(stream="error")
    llm_env(
        OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=f"{live_app(fake.app)}/v1", LLM_MAX_RETRIES="0"
    )
    async with client_for(env_app(redis_url, redis_prefix)) as c:
        r = await c.post("/chat/s1/stream", json={"message": "hello"})
    assert r.status_code == 200, "the 200 was sent before the model failed"
    events = parse_sse(r.text)
    assert events[0] == ("token", {"text": "fake "})
    assert events[-1][0] == "error" and "APIError" in events[-1][1]["detail"]
    assert await redis_client.exists(key("s1")) == 0, "half an answer is not remembered"


async def test_a_model_down_before_the_stream_is_a_problem(
    live_app, llm_env, redis_url, redis_prefix, client_for
) -> None:
    fake = FakeModel(failures=100)
    llm_env(
        OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=f"{live_app(fake.app)}/v1", LLM_MAX_RETRIES="0"
    )
    async with client_for(env_app(redis_url, redis_prefix)) as c:
        r = await c.post("/chat/s1/stream", json={"message": "hello"})
    assert "answered 500" in assert_problem(r, 502)["detail"]


async def test_the_relay_closes_the_model_stream_when_the_client_stops_reading() -> None:
    stream = EndlessStream("Hel", "lo")
    stored: list[str] = []

    async def store(answer: str) -> dict:
        stored.append(answer)
        return {}

    events = relay(stream, store)  # type: ignore[arg-type]
    assert await events.__anext__() == b'event: token\ndata: {"text": "Hel"}\n\n'
    # A client that hangs up leaves the relay suspended at a yield; closing it (as Starlette's
    # cancellation, or the garbage collector, does) must close the model's stream too.
    await events.aclose()
    assert stream.closed
    assert stored == [], "nothing remembered"


async def test_an_answer_that_cannot_be_stored_ends_with_an_error_event() -> None:
    stream = EndlessStream("Hi", forever=False)

    async def store(answer: str) -> dict:
        raise RedisError("Redis went away")

    events = [e async for e in relay(stream, store)]  # type: ignore[arg-type]
    assert events[0] == b'event: token\ndata: {"text": "Hi"}\n\n'
    assert events[-1].startswith(b"event: error\n") and b"could not be remembered" in events[-1]
    assert stream.closed
