"""The lesson behind a real uvicorn, its own offline model started by its lifespan."""

from __future__ import annotations

import json

import httpx

from day27_llm_basics.app import create_app


def test_chat_and_a_stream_read_event_by_event_over_a_socket(live_app, llm_env) -> None:
    url = live_app(create_app())  # no injected model: the lifespan opens the offline one
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.get("/model").json()["offline"] is True
        answer = http.post("/chat", json={"message": "hello"}).json()["answer"]

        pieces, events = [], 0
        with http.stream("POST", "/chat/stream", json={"message": "hello"}) as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            for line in r.iter_lines():  # read as the bytes arrive, not after the end
                if not line.startswith("data: "):
                    continue
                events += 1
                data = line.removeprefix("data: ")
                if data == "[DONE]":
                    break
                chunk = json.loads(data)
                if chunk["choices"]:
                    pieces.append(chunk["choices"][0]["delta"].get("content") or "")
    assert events > 5
    assert "".join(pieces) == answer
