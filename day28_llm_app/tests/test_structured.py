"""Structured output: a Pydantic model's schema out, the same model's validation in, one retry."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from day28_llm_app.structured import RESPONSE_FORMAT, Triage, describe

from .conftest import assert_problem

TICKET = "The app has a bug: order 1234 shows up twice. This is high priority."


async def test_a_valid_answer_is_returned_as_typed_fields(client, llm_calls) -> None:
    r = await client.post("/triage", json={"message": TICKET})
    assert r.status_code == 200
    body = r.json()
    assert body["triage"] == {"category": "bug", "urgency": "high", "order_id": 1234}
    assert body["attempts"] == 1
    (sent,) = llm_calls()
    assert sent["response_format"] == RESPONSE_FORMAT
    assert sent["response_format"]["json_schema"]["strict"] is True


def test_the_schema_and_the_validator_are_one_model() -> None:
    schema = RESPONSE_FORMAT["json_schema"]["schema"]
    assert schema == Triage.model_json_schema()
    # what strict mode needs: every field required, nothing else allowed
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["additionalProperties"] is False
    ok = Triage.model_validate_json('{"category": "bug", "urgency": "low", "order_id": null}')
    assert ok.order_id is None
    with pytest.raises(ValidationError) as bad:
        Triage.model_validate_json('{"category": "food", "urgency": "low", "order_id": 1, "x": 1}')
    lines = describe(bad.value)
    assert any(line.startswith("category:") for line in lines)
    assert any(line.startswith("x:") for line in lines)
    assert all("food" not in line for line in lines), "the input is not echoed back"


async def test_an_invalid_answer_is_retried_once_with_the_error_fed_back(client, llm_calls) -> None:
    r = await client.post("/triage", json={"message": f"{TICKET} [bad-json]"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["attempts"] == 2
    assert body["triage"] == {"category": "bug", "urgency": "high", "order_id": 1234}
    first, second = llm_calls()
    assert second["messages"][:2] == first["messages"]
    spoiled, feedback = second["messages"][2:]
    assert spoiled["role"] == "assistant" and spoiled["content"].startswith("{")
    assert feedback["role"] == "user"
    assert "could not be used" in feedback["content"] and "Invalid JSON" in feedback["content"]
    # both attempts are paid for
    assert body["prompt_tokens"] > 2 * 100


async def test_a_second_invalid_answer_is_a_502_problem(client, llm_calls) -> None:
    r = await client.post("/triage", json={"message": f"{TICKET} [bad-json:2]"})
    body = assert_problem(r, 502)
    assert body["type"] == "/problems/invalid-model-output"
    assert body["attempts"] == 2
    assert body["validation_errors"][0].startswith("(whole answer): Invalid JSON")
    assert len(llm_calls()) == 2, "retried once, not forever"
