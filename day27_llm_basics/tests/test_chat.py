"""One chat call through the OpenAI SDK — the same code for the offline model and a real one."""

from __future__ import annotations

import contextlib
import socket

from course.fixtures_backends import recording_client
from course.testing import asgi_client
from day27_llm_basics.app import create_app
from shared.llm import LLM

from .conftest import assert_problem


async def test_a_chat_call_goes_through_the_sdk_over_http(client, llm_sent, llm_calls) -> None:
    r = await client.post("/chat", json={"message": "what is 6 * 7"})
    assert r.status_code == 200
    body = r.json()
    assert body["answer"] == "[offline model] 6 * 7 = 42"
    assert (body["model"], body["offline"], body["finish_reason"]) == (
        "offline-model",
        True,
        "stop",
    )
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    # What went over the wire: the API's own request, with the SDK's headers.
    request = llm_sent[-1]
    assert request.method == "POST" and request.url.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer offline"
    assert llm_calls()[-1]["max_completion_tokens"] == 512


async def test_a_small_reply_budget_cuts_the_answer(client) -> None:
    r = await client.post(
        "/chat", json={"message": "please echo this long sentence", "max_tokens": 3}
    )
    body = r.json()
    assert body["finish_reason"] == "length"
    assert body["usage"]["completion_tokens"] <= 3


async def test_the_same_code_talks_to_a_configured_server(llm_env, offline_llm) -> None:
    # Any OpenAI-compatible server is "the real one" for this test: here, the offline model's,
    # under the name of a priced model. create_app() with no arguments reads the settings.
    llm_env(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=offline_llm, LLM_MODEL="gpt-4o-mini")
    async with asgi_client(create_app()) as client:
        model = (await client.get("/model")).json()
        assert (model["model"], model["offline"]) == ("gpt-4o-mini", False)
        assert model["context_window"] == 128_000
        body = (await client.post("/chat", json={"message": "what is 2 + 2"})).json()
    assert body["answer"].endswith("2 + 2 = 4") and body["offline"] is False
    assert float(body["cost"]["total_usd"]) > 0, "priced at gpt-4o-mini's listed price"


async def test_an_unreachable_model_is_a_503_problem() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # released on exit: nothing listens there
    down = recording_client(f"http://127.0.0.1:{port}/v1")
    llm = LLM(down, "offline-model", offline=True, base_url=f"http://127.0.0.1:{port}/v1")
    async with asgi_client(create_app(llm=lambda: contextlib.nullcontext(llm))) as client:
        r = await client.post("/chat", json={"message": "hello"})
    await down.close()
    assert "not reachable" in assert_problem(r, 503)["detail"]
