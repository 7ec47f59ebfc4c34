"""Bad input gets a 4xx problem+json — and the model is never called for it."""

from __future__ import annotations

import pytest

from .conftest import assert_problem

BAD = [
    ("/tokens", {}),
    ("/tokens", {"text": ""}),
    ("/tokens", {"text": "x" * 20_001}),
    ("/tokens", {"text": "hi", "extra": 1}),
    ("/messages", {"message": "hi", "history": [{"role": "tool", "content": "x"}]}),
    ("/sampling", {"temperature": 3}),
    ("/sampling", {"top_p": 0}),
    ("/sampling", {"draws": 0}),
    ("/sampling", {"logits": {"only": 1.0}}),
    ("/sampling", {"logits": {"x" * 33: 1.0, "y": 2.0}}),
    ("/sampling", {"logits": {"a": 1e300, "b": 0.0}}),
    ("/cost", {"model": "gpt-99", "prompt_tokens": 1, "completion_tokens": 1}),
    ("/cost", {"model": "gpt-4o", "prompt_tokens": -1, "completion_tokens": 1}),
    ("/chat", {}),
    ("/chat", {"message": ""}),
    ("/chat", {"message": 42}),
    ("/chat", {"message": "hi", "temperature": -0.1}),
    ("/chat", {"message": "hi", "max_tokens": 0}),
    ("/chat", {"message": "hi", "max_tokens": 100_000}),
    ("/chat", {"message": "hi", "model": "gpt-4o"}),
    ("/chat", {"message": "hi", "history": [{"role": "user"}]}),
    ("/chat/stream", {"message": ""}),
    ("/chat/stream", {"message": "hi", "stream": False}),
]


@pytest.mark.parametrize(("path", "body"), BAD)
async def test_bad_bodies_are_422_and_nothing_is_sent(
    client, llm_calls, path: str, body: dict
) -> None:
    r = await client.post(path, json=body)
    assert assert_problem(r, 422)["errors"]
    assert llm_calls() == []


async def test_not_json_and_too_large_bodies(client, llm_calls) -> None:
    r = await client.post(
        "/chat", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_problem(r, 422)
    huge = await client.post("/chat", json={"message": "x" * 1_100_000})
    assert_problem(huge, 413)
    assert llm_calls() == []
