"""Timeouts and retries from the settings, against a fake model that fails or stalls."""

from __future__ import annotations

from .conftest import assert_problem, env_app
from .upstream import ANSWER, FakeModel


def point_at(llm_env, url: str, **settings: str) -> None:
    llm_env(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=f"{url}/v1", **settings)


async def test_a_5xx_is_retried_and_the_retry_answers(
    live_app, llm_env, redis_url, redis_prefix, client_for
) -> None:
    fake = FakeModel(failures=1, retry_after_ms=20)
    point_at(llm_env, live_app(fake.app), LLM_MAX_RETRIES="1")
    async with client_for(env_app(redis_url, redis_prefix)) as c:
        r = await c.post("/chat/s1", json={"message": "hello"})
    assert r.status_code == 200, r.text
    assert (r.json()["answer"], r.json()["retries"]) == (ANSWER, 1)
    assert fake.calls == 2


async def test_5xx_past_the_retries_is_a_502_and_nothing_is_stored(
    live_app, llm_env, redis_url, redis_prefix, redis_client, key, client_for
) -> None:
    fake = FakeModel(failures=100, retry_after_ms=20)
    point_at(llm_env, live_app(fake.app), LLM_MAX_RETRIES="1")
    async with client_for(env_app(redis_url, redis_prefix)) as c:
        r = await c.post("/chat/s1", json={"message": "hello"})
    assert "answered 500" in assert_problem(r, 502)["detail"]
    assert fake.calls == 2, "one try and LLM_MAX_RETRIES=1 retry"
    assert await redis_client.exists(key("s1")) == 0


async def test_a_stalled_model_times_out_into_a_504(
    live_app, llm_env, redis_url, redis_prefix, redis_client, key, client_for
) -> None:
    fake = FakeModel(stall=True)
    point_at(llm_env, live_app(fake.app), LLM_TIMEOUT_S="0.25", LLM_MAX_RETRIES="1")
    async with client_for(env_app(redis_url, redis_prefix)) as c:
        r = await c.post("/chat/s1", json={"message": "hello"})
    assert "did not answer in time" in assert_problem(r, 504)["detail"]
    assert fake.calls == 2, "the timed-out attempt was retried once"
    assert await redis_client.exists(key("s1")) == 0


async def test_the_policy_comes_from_the_settings(llm_env, redis_url, redis_prefix, client_for):
    llm_env(LLM_TIMEOUT_S="7", LLM_MAX_RETRIES="3")  # no key: the offline model, same settings
    async with client_for(env_app(redis_url, redis_prefix)) as c:
        limits = (await c.get("/limits")).json()
    assert (limits["llm_timeout_s"], limits["llm_max_retries"]) == (7.0, 3)
    assert limits["worst_case_s"] == 4 * 7 + 0.5 + 1 + 2
