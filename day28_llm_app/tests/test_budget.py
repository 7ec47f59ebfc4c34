"""A token budget per request: the reply capped, old turns trimmed, oversized prompts refused."""

from __future__ import annotations

from day28_llm_app.budget import MAX_OUTPUT_TOKENS, PROMPT_BUDGET_TOKENS

from .conftest import assert_problem


async def test_every_call_caps_the_reply(client, llm_calls) -> None:
    await client.post("/chat/s1", json={"message": "hello"})
    assert llm_calls()[0]["max_completion_tokens"] == MAX_OUTPUT_TOKENS
    r = await client.post(
        "/chat/s1", json={"message": "please repeat all of this", "max_tokens": 4}
    )
    body = r.json()
    assert llm_calls()[1]["max_completion_tokens"] == 4
    assert body["finish_reason"] == "length" and body["usage"]["completion_tokens"] <= 4


async def test_a_prompt_over_budget_is_refused_before_it_is_sent(
    client, llm_calls, redis_client, key
):
    r = await client.post("/chat/s1", json={"message": "x" * 5_000})  # ~1 250 tokens
    body = assert_problem(r, 413)
    assert body["type"] == "/problems/prompt-over-budget"
    assert body["budget"] == PROMPT_BUDGET_TOKENS and body["prompt_tokens"] > PROMPT_BUDGET_TOKENS
    assert llm_calls() == [], "the model was never called"
    assert await redis_client.exists(key("s1")) == 0, "nothing remembered"
    stream = await client.post("/chat/s1/stream", json={"message": "x" * 5_000})
    assert_problem(stream, 413)
    assert llm_calls() == []


async def test_old_turns_are_left_out_to_fit_and_kept_in_memory(client, llm_calls) -> None:
    for word in ("first", "second", "third"):
        r = await client.post("/chat/s1", json={"message": f"{word} " + "y" * 1_000})
    prompt = r.json()["prompt"]
    assert prompt["estimated_tokens"] <= PROMPT_BUDGET_TOKENS
    assert prompt["history_dropped"] >= 2 and prompt["history_dropped"] % 2 == 0, "whole turns"
    sent = [m["content"][:6] for m in llm_calls()[-1]["messages"] if m["role"] == "user"]
    assert "first " not in sent and sent[-1] == "third "
    remembered = (await client.get("/chat/s1")).json()
    assert remembered["turns"] == 3, "trimming changes what is sent, not what is stored"
