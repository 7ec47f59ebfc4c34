"""A failing model: each attempt in the trace, retried with backoff, then 502/504 naming the run."""

from __future__ import annotations

import pytest

from course.testing import asgi_client
from day31_agent_debugging.app import create_app
from day31_agent_debugging.retries import Backoff

from .conftest import assert_problem, spans
from .fake_model import ANSWER, FakeModel


def model_at(live_app, llm_env, fake: FakeModel, *, timeout_s: str = "5", retries: str = "2"):
    """The lesson as `python -m` builds it, its model the fake one (OPENAI_BASE_URL)."""
    url = live_app(fake.app)
    llm_env(
        OPENAI_API_KEY="test-key",
        OPENAI_BASE_URL=f"{url}/v1",
        LLM_TIMEOUT_S=timeout_s,
        LLM_MAX_RETRIES=retries,
    )
    return create_app(backoff_base_s=0.01)


async def trace_of(client, body: dict) -> dict:
    return (await client.get(f"/runs/{body['run_id']}/trace")).json()


async def test_two_5xx_then_an_answer(live_app, llm_env) -> None:
    fake = FakeModel(failures=2)
    async with asgi_client(model_at(live_app, llm_env, fake)) as client:
        r = await client.post("/runs", json={"task": "Where is my order A1001?"})
        assert r.status_code == 200, r.text
        assert r.json()["answer"] == ANSWER
        chats = spans(await trace_of(client, r.json()), "chat")
    assert fake.calls == 3  # our retries, not the SDK's: it was told max_retries=0
    assert [(s["attempt"], s["status"]) for s in chats] == [(1, "error"), (2, "error"), (3, "ok")]
    assert chats[0]["attributes"]["error.type"] == "InternalServerError"
    assert 0 <= chats[0]["retry_in_ms"] <= 10 and 0 <= chats[1]["retry_in_ms"] <= 20


async def test_5xx_every_time_is_a_502_with_the_run_to_inspect(live_app, llm_env) -> None:
    fake = FakeModel(failures=99)
    async with asgi_client(model_at(live_app, llm_env, fake)) as client:
        body = assert_problem(await client.post("/runs", json={"task": "hi"}), 502)
        trace = await trace_of(client, body)
    assert fake.calls == 3
    assert trace["status"] == "model_error" and "500" in trace["detail"]
    assert [s["retry_in_ms"] is None for s in spans(trace, "chat")] == [False, False, True]


async def test_a_stalled_model_is_a_504_after_its_retries(live_app, llm_env) -> None:
    fake = FakeModel(stall=True)
    async with asgi_client(
        model_at(live_app, llm_env, fake, timeout_s="0.2", retries="1")
    ) as client:
        body = assert_problem(await client.post("/runs", json={"task": "hi"}), 504)
        trace = await trace_of(client, body)
    chats = spans(trace, "chat")
    assert [s["attributes"]["error.type"] for s in chats] == ["APITimeoutError"] * 2
    assert all(s["duration_ms"] >= 150 for s in chats)


async def test_a_400_is_not_retried(live_app, llm_env) -> None:
    fake = FakeModel(failures=1, status=400)
    async with asgi_client(model_at(live_app, llm_env, fake)) as client:
        assert_problem(await client.post("/runs", json={"task": "hi"}), 502)
    assert fake.calls == 1  # asking again would get the same 400


@pytest.mark.parametrize(("retry", "bound"), [(1, 0.5), (2, 1.0), (3, 2.0), (5, 8.0), (9, 8.0)])
def test_the_backoff_doubles_up_to_a_cap_and_jitters_below_it(retry: int, bound: float) -> None:
    assert Backoff(jitter=False).delay_s(retry) == bound
    assert all(0 <= Backoff().delay_s(retry) <= bound for _ in range(20))
