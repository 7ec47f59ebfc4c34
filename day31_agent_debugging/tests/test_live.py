"""The lesson behind a real uvicorn, its own offline model opened by its lifespan."""

from __future__ import annotations

import httpx

from day31_agent_debugging.app import create_app


def test_a_run_its_trace_and_its_timeline_over_a_socket(live_app, llm_env) -> None:
    url = live_app(create_app(tool_timeout_s=0.1))
    with httpx.Client(base_url=url, timeout=10) as http:
        out = http.post("/runs", json={"task": "Where is my order A1002?"}).json()
        assert [c["status"] for c in out["tool_calls"]] == ["ok", "timeout"]
        trace = http.get(out["trace"]).json()
        assert trace["model"] == "offline-model" and trace["status"] == "answer"
        timeline = http.get(out["timeline"]).text
        assert "tool track_parcel" in timeline and "timeout" in timeline
