"""A recorded run, replayed: the same requests in the same order, or the first difference."""

from __future__ import annotations

import json

from day31_agent_debugging.replay import replay
from day31_agent_debugging.support import Desk, support_tools

from .conftest import RECORDED, run


def recording() -> dict:
    return json.loads((RECORDED / "where_is_my_order.json").read_text())


async def test_the_committed_recording_replays_exactly() -> None:
    recorded = recording()
    result = await replay(recorded, support_tools(Desk.sample()))
    assert result.mismatches == []
    assert result.matched
    assert (result.status, result.answer) == (recorded["status"], recorded["answer"])
    replayed = [s["request"] for s in result.trace["spans"] if s["kind"] == "chat"]
    assert replayed == [s["request"] for s in recorded["spans"] if s["kind"] == "chat"]


async def test_a_tool_that_now_answers_differently_is_caught_at_its_step() -> None:
    desk = Desk.sample()
    desk.parcels["TR1001"].location = "Paris hub"  # a regression, or a change to review
    result = await replay(recording(), support_tools(desk))
    assert not result.matched
    (mismatch,) = result.mismatches
    assert mismatch.step == 3  # the request that carries track_parcel's result
    assert "messages[5] (tool) differs" in mismatch.detail
    assert "Leipzig hub" in mismatch.detail and "Paris hub" in mismatch.detail


async def test_a_changed_tool_schema_is_caught_at_the_first_step() -> None:
    result = await replay(recording(), support_tools(Desk.sample(), timeout_s=1.0))
    assert result.matched  # the timeout is not part of what the model sees
    recorded = recording()
    first = next(s for s in recorded["spans"] if s["kind"] == "chat")
    first["request"]["tools"][0]["function"]["description"] = "Look up an order (old wording)."
    result = await replay(recorded, support_tools(Desk.sample()))
    assert [m.step for m in result.mismatches] == [1]
    assert "tools offered differ" in result.mismatches[0].detail


async def test_replay_a_stored_run_over_the_api(client) -> None:
    out, _ = await run(client, "Where is my order A1001? [unknown-tool]")
    r = await client.post(f"/runs/{out['run_id']}/replay")
    assert r.json() == {
        "matched": True,
        "status": "answer",
        "answer": out["answer"],
        "mismatches": [],
    }
