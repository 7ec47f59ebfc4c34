"""shared.llm: the same SDK code talks to the offline model or to a configured server."""

from __future__ import annotations

import httpx
import openai
import pytest
from openai import AsyncOpenAI

import shared.offline_llm_server
from shared.errors import BadGateway, ServiceUnavailable
from shared.llm import open_llm, upstream_errors
from shared.offline_llm_server import OfflineModelServer
from tests.backends.helpers import closed_port, refuses


async def ask(llm, text: str) -> str:
    reply = await llm.client.chat.completions.create(
        model=llm.model, messages=[{"role": "user", "content": text}]
    )
    return reply.choices[0].message.content


async def test_offline_by_default_served_only_while_open(env) -> None:
    env(LLM_TIMEOUT_S="7", LLM_MAX_RETRIES="1")
    async with open_llm() as llm:
        assert llm.offline and llm.model == "offline-model"
        assert llm.client.timeout == 7 and llm.client.max_retries == 1
        assert await ask(llm, "hello") == (
            "[offline model] Hello! I answer by a few simple rules, without an API key."
        )
        port = httpx.URL(llm.base_url).port
    assert refuses(port)


async def test_a_key_switches_the_same_code_to_the_configured_server(env, monkeypatch) -> None:
    # Any OpenAI-compatible server will do as "the real one"; here a second offline server.
    with OfflineModelServer() as upstream:
        env(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=upstream.base_url, LLM_MODEL="llama3.2")
        monkeypatch.setattr(shared.offline_llm_server, "OfflineModelServer", None)  # must not start
        async with open_llm() as llm:
            assert not llm.offline
            assert (llm.model, llm.base_url) == ("llama3.2", upstream.base_url)
            assert (await ask(llm, "what is 1 + 2")).endswith("1 + 2 = 3")


async def test_upstream_failures_become_problems() -> None:
    down = AsyncOpenAI(api_key="k", base_url=f"http://127.0.0.1:{closed_port()}/v1", max_retries=0)
    with pytest.raises(ServiceUnavailable, match="not reachable") as caught, upstream_errors():
        await down.models.list()
    assert caught.value.status == 503
    await down.close()

    with OfflineModelServer() as server:
        client = AsyncOpenAI(api_key="k", base_url=server.base_url, max_retries=0)
        with pytest.raises(BadGateway, match="answered 400") as bad, upstream_errors():
            await client.chat.completions.create(model="m", messages=[])
        assert isinstance(bad.value.__cause__, openai.BadRequestError)
        await client.close()
