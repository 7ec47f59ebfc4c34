"""Conversation memory per session, in Redis: sent again each call, bounded, written when done."""

from __future__ import annotations

import json

from day28_llm_app.memory import MAX_TURNS, TTL_S


async def say(client, session: str, message: str) -> dict:
    r = await client.post(f"/chat/{session}", json={"message": message})
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_session_remembers_what_was_said(client, llm_calls) -> None:
    await say(client, "ada", "my name is Ada")
    assert (await say(client, "ada", "what is my name?"))["answer"].endswith("Your name is Ada.")
    other = await say(client, "grace", "what is my name?")
    assert other["answer"].endswith("You have not told me your name in this conversation.")
    sent = llm_calls()[1]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[1] == {"role": "user", "content": "my name is Ada"}


async def test_turns_are_a_redis_list_of_json_with_a_ttl(client, redis_client, key) -> None:
    out = await say(client, "s1", "hello")
    assert out["turns_stored"] == 1
    stored = [json.loads(m) for m in await redis_client.lrange(key("s1"), 0, -1)]
    assert stored == [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": out["answer"]},
    ]
    assert 0 < await redis_client.ttl(key("s1")) <= TTL_S
    view = (await client.get("/chat/s1")).json()
    assert view["messages"] == stored and view["turns"] == 1


async def test_only_the_newest_turns_are_kept(client, redis_client, key) -> None:
    for i in range(MAX_TURNS + 2):
        last = await say(client, "long", f"message number {i}")
    assert last["turns_stored"] == MAX_TURNS
    assert await redis_client.llen(key("long")) == 2 * MAX_TURNS
    oldest = json.loads(await redis_client.lindex(key("long"), 0))
    assert oldest == {"role": "user", "content": "message number 2"}


async def test_forgetting_a_session(client, redis_client, key) -> None:
    await say(client, "ada", "my name is Ada")
    assert (await client.delete("/chat/ada")).status_code == 204
    assert await redis_client.exists(key("ada")) == 0
    assert (await client.delete("/chat/ada")).status_code == 204, "idempotent"
    after = await say(client, "ada", "what is my name?")
    assert after["answer"].endswith("You have not told me your name in this conversation.")
