"""A real uvicorn: the SSE stream read event by event over a socket, and a client that hangs up."""

from __future__ import annotations

import asyncio
import json

import httpx

from .conftest import env_app
from .upstream import FakeModel


async def test_sse_over_a_real_socket(
    live_app, llm_env, redis_url, redis_prefix, redis_client, key
):
    url = live_app(env_app(redis_url, redis_prefix))  # the offline model, opened by the lifespan
    events: list[tuple[str, dict]] = []
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        (await http.post("/chat/ada", json={"message": "my name is Ada"})).raise_for_status()
        ask = {"message": "what is my name?"}
        async with http.stream("POST", "/chat/ada/stream", json=ask) as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            name = "message"
            async for line in r.aiter_lines():  # each line as it arrives
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    events.append((name, json.loads(line.removeprefix("data: "))))
    text = "".join(data["text"] for name, data in events if name == "token")
    assert text == "[offline model] Your name is Ada."
    assert events[-1][0] == "done" and events[-1][1]["turns_stored"] == 2
    assert await redis_client.llen(key("ada")) == 4


async def test_a_client_that_hangs_up_stops_the_models_stream(
    live_app, llm_env, redis_url, redis_prefix, redis_client, key
) -> None:
    fake = FakeModel(stream="forever")  # a model that would write forever
    llm_env(
        OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=f"{live_app(fake.app)}/v1", LLM_MAX_RETRIES="0"
    )
    url = live_app(env_app(redis_url, redis_prefix))
    async with (
        httpx.AsyncClient(base_url=url, timeout=10) as http,
        http.stream("POST", "/chat/s1/stream", json={"message": "hello"}) as r,
    ):
        async for line in r.aiter_lines():
            if line.startswith("data: "):
                assert json.loads(line.removeprefix("data: ")) == {"text": "fake "}
                break
        assert fake.streaming.is_set() and not fake.stream_closed.is_set()
    # We hung up (the response closed with the body unread). The lesson must now close its
    # own stream to the model, which the model sees as its client going away.
    assert await asyncio.to_thread(fake.stream_closed.wait, 5), "the upstream was left open"
    assert await redis_client.exists(key("s1")) == 0, "an unfinished answer is not stored"
