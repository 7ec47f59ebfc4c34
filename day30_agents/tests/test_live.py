"""The lesson behind a real uvicorn, its own offline model opened by its lifespan."""

from __future__ import annotations

import httpx

from day30_agents.app import create_app

from .conftest import PRICE_TASK


def test_a_task_over_a_socket(live_app, llm_env) -> None:
    url = live_app(create_app())  # no injected model: the lifespan opens the offline one
    with httpx.Client(base_url=url, timeout=10) as http:
        run = http.post("/tasks/run", json={"task": PRICE_TASK}).json()
        assert run["offline"] is True and run["model"] == "offline-model"
        assert run["stopped"] == "answer" and "28.35" in run["answer"]
        assert http.get(f"/runs/{run['id']}").json()["answer"] == run["answer"]
        assert http.get("/health").status_code == 200
