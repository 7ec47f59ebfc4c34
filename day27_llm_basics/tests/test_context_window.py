"""The context window: prompt plus reply must fit; what cannot fit is refused before it is sent."""

from __future__ import annotations

import openai
import pytest

from day27_llm_basics.context_window import UNKNOWN, check_fits, limits_for
from day27_llm_basics.roles import build_messages
from shared.offline_llm import CONTEXT_WINDOW, MODEL_ID

from .conftest import assert_problem

WINDOW_PROBLEM = "/problems/context-window-exceeded"


async def test_a_prompt_over_the_window_is_refused_with_413_and_never_sent(
    client, llm_calls
) -> None:
    r = await client.post("/chat", json={"message": "x" * 40_000})
    body = assert_problem(r, 413)
    assert body["type"] == WINDOW_PROBLEM
    assert body["context_window"] == CONTEXT_WINDOW
    assert body["prompt_tokens"] > CONTEXT_WINDOW
    assert llm_calls() == [], "the model was never asked"


async def test_the_reply_budget_counts_against_the_window_too(client, llm_calls) -> None:
    # About 6 000 prompt tokens: fits with the default 512-token reply, not with 4 096.
    message = "y" * 24_000
    fits = await client.post("/chat", json={"message": message, "max_tokens": 512})
    assert fits.status_code == 200
    refused = await client.post("/chat", json={"message": message, "max_tokens": 4096})
    body = assert_problem(refused, 413)
    assert body["max_tokens"] == 4096
    assert body["prompt_tokens"] + 512 <= CONTEXT_WINDOW < body["prompt_tokens"] + 4096
    assert len(llm_calls()) == 1, "only the request that fits was sent"


async def test_sent_anyway_the_model_refuses_it_itself(llm) -> None:
    """Why we check first: the API answers 400 after a round trip, as an error we can't pass on."""
    with pytest.raises(openai.BadRequestError) as caught:
        await llm.client.chat.completions.create(
            model=llm.model, messages=build_messages("x" * 40_000)
        )
    assert caught.value.code == "context_length_exceeded"


async def test_messages_preview_says_whether_it_fits_without_sending(client, llm_calls) -> None:
    big = (await client.post("/messages", json={"message": "z" * 40_000})).json()
    small = (await client.post("/messages", json={"message": "hi"})).json()
    assert big["fits"] is False and small["fits"] is True
    assert big["context_window"] == CONTEXT_WINDOW
    assert llm_calls() == []


def test_windows_are_per_model_and_unknown_models_get_a_small_one() -> None:
    assert limits_for(MODEL_ID).context_window == CONTEXT_WINDOW
    assert limits_for("gpt-4o-mini").context_window == 128_000
    assert limits_for("llama3.2") == UNKNOWN
    # 40 000 characters fit gpt-4o-mini's window, not the offline model's.
    messages = build_messages("x" * 40_000)
    assert check_fits(messages, "gpt-4o-mini", None).spare > 0
