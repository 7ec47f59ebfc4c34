"""Streaming: chunks as they come, usage in the last one, passed through as Server-Sent Events."""

from __future__ import annotations

import json

import anyio

from day27_llm_basics.chat import ChatIn, prepare
from day27_llm_basics.streaming import open_stream, passthrough

from .conftest import assert_problem, parse_sse


async def test_the_sdk_streams_deltas_and_then_the_usage(llm) -> None:
    params, _ = prepare(llm, ChatIn(message="hello there"))
    deltas, usage, finish = [], None, None
    async for chunk in await open_stream(llm, params):
        if chunk.choices:
            deltas.append(chunk.choices[0].delta.content or "")
            finish = chunk.choices[0].finish_reason or finish
        else:
            usage = chunk.usage  # include_usage: one last chunk, no choices
    whole = await llm.client.chat.completions.create(**params)
    assert len(deltas) > 3, "the answer came in pieces"
    assert "".join(deltas) == whole.choices[0].message.content
    assert finish == "stop"
    assert usage is not None and usage.model_dump() == whole.usage.model_dump()


async def test_the_endpoint_passes_the_chunks_through_as_sse(client, llm_calls) -> None:
    ask = {"message": "what is 6 * 7"}
    r = await client.post("/chat/stream", json=ask)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["cache-control"] == "no-cache"
    events = parse_sse(r.text)
    assert events[-1] == ("message", "[DONE]")
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == (await client.post("/chat", json=ask)).json()["answer"]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] > 0
    assert llm_calls()[0]["stream"] is True
    assert llm_calls()[0]["stream_options"] == {"include_usage": True}


async def test_failures_before_the_first_byte_are_problems_not_streams(client, llm_calls) -> None:
    r = await client.post("/chat/stream", json={"message": "x" * 40_000})
    assert assert_problem(r, 413)["type"] == "/problems/context-window-exceeded"
    assert llm_calls() == []


class EndlessStream:
    """Stands in for the SDK's AsyncStream: one chunk, then nothing, ever; records close()."""

    closed = False

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield _Chunk()
        await anyio.sleep_forever()

    async def close(self) -> None:
        self.closed = True


class _Chunk:
    def model_dump_json(self, **_: object) -> str:
        return '{"choices": []}'


async def test_a_client_that_stops_reading_closes_the_model_stream() -> None:
    stream = EndlessStream()
    events = passthrough(stream)  # type: ignore[arg-type]
    assert await events.__anext__() == b'data: {"choices": []}\n\n'
    await events.aclose()  # what is left to do when the client hangs up mid-stream
    assert stream.closed, "the model would go on writing (and billing) for nobody"
