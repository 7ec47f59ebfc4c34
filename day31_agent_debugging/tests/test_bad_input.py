"""Bad input: a 4xx problem, the model never called, and no run stored."""

from __future__ import annotations

import pytest

from .conftest import assert_problem

BAD_BODIES = [
    {},
    {"task": ""},
    {"task": ["Where is my order A1001?"]},
    {"task": "x" * 4_001},
    {"task": "hi", "max_steps": 0},
    {"task": "hi", "max_steps": 11},
    {"task": "hi", "tools": []},
    {"task": "hi", "tools": ["refund_order"]},
    {"task": "hi", "trace": False},
]


@pytest.mark.parametrize("body", BAD_BODIES)
async def test_bad_run_bodies(client, llm_calls, body) -> None:
    assert_problem(await client.post("/runs", json=body), 422)
    assert llm_calls() == []
    assert (await client.get("/runs")).json() == []


async def test_not_json(client, llm_calls) -> None:
    r = await client.post("/runs", content=b"[", headers={"content-type": "application/json"})
    assert_problem(r, 422)
    assert llm_calls() == [] and (await client.get("/runs")).json() == []


async def test_a_prompt_over_budget_is_413_and_stores_no_run(client, llm_calls) -> None:
    body = assert_problem(await client.post("/runs", json={"task": "z" * 3_900}), 413)
    assert body["budget"] == 1_000
    assert llm_calls() == [] and (await client.get("/runs")).json() == []


@pytest.mark.parametrize("path", ["trace", "timeline"])
async def test_bad_and_unknown_run_ids(client, path) -> None:
    assert_problem(await client.get(f"/runs/not-an-id/{path}"), 422)
    assert_problem(await client.get(f"/runs/0123456789ab/{path}"), 404)
    assert_problem(await client.post("/runs/0123456789ab/replay"), 404)


async def test_an_unknown_timeline_format(client) -> None:
    r = await client.post("/runs", json={"task": "Where is my order A1003?"})
    assert_problem(await client.get(r.json()["timeline"], params={"format": "xml"}), 422)
