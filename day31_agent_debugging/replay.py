"""Replay: a recorded run played back against today's code, as a regression test.

A trace holds every model request and response (:mod:`.trace`). :class:`ReplayModel` is an
OpenAI-compatible endpoint made of that recording — an ``httpx.MockTransport`` under a real
``AsyncOpenAI``, so the SDK and the whole loop run as usual — that answers the N-th chat
request with the N-th recorded response, *after checking that the request is the one that was
recorded*: the same messages, the same tools.

The tools run for real. So when a tool now returns something else, or the prompt, a schema or
the loop changed, the conversation drifts, and the first request that differs is reported
(``Mismatch``), at the step where it happened. A replay that matches proves the run would go
the same way today — without a model, a key, or a cent. It needs tools that answer the same
every time (fixed data here); a tool that returns the time would need its result recorded too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from day31_agent_debugging.retries import Backoff
from day31_agent_debugging.runs import traced_run
from shared.agent import Toolbox
from shared.llm import LLM

PREVIEW = 120


@dataclass
class Mismatch:
    step: int
    detail: str


@dataclass
class ReplayResult:
    matched: bool
    status: str
    answer: str | None
    mismatches: list[Mismatch]
    trace: dict[str, Any] = field(repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "mismatches": [asdict(m) for m in self.mismatches]}


class ReplayModel:
    """Serves a recording's responses in order, asserting each request matches."""

    def __init__(self, recording: dict[str, Any]) -> None:
        self.exchanges = [
            (span["request"], span["response"])
            for span in recording["spans"]
            if span["kind"] == "chat" and span["status"] == "ok"
        ]
        self.model = recording["model"]
        self.served = 0
        self.mismatches: list[Mismatch] = []

    def llm(self) -> LLM:
        from openai import AsyncOpenAI  # noqa: PLC0415

        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handle))
        client = AsyncOpenAI(
            base_url="http://replay.invalid/v1", api_key="replay", max_retries=0, http_client=http
        )
        return LLM(client, self.model, offline=True, base_url="http://replay.invalid/v1")

    def handle(self, request: httpx.Request) -> httpx.Response:
        step = self.served + 1
        if self.served >= len(self.exchanges):
            return self._mismatch(step, f"step {step} was not recorded: the run asks for more")
        expected, response = self.exchanges[self.served]
        self.served += 1
        body = json.loads(request.content)
        sent = {"messages": body.get("messages", []), "tools": body.get("tools", [])}
        if (difference := _difference(expected, sent)) is not None:
            return self._mismatch(step, difference)
        return httpx.Response(200, json=response)

    def _mismatch(self, step: int, detail: str) -> httpx.Response:
        self.mismatches.append(Mismatch(step, detail))
        error = {"message": f"replay mismatch: {detail}", "type": "invalid_request_error"}
        return httpx.Response(400, json={"error": {**error, "param": None, "code": "replay"}})


async def replay(recording: dict[str, Any], toolbox: Toolbox) -> ReplayResult:
    """Run the recorded task again, the model's part played by the recording."""
    model = ReplayModel(recording)
    llm = model.llm()
    try:
        trace, _error = await traced_run(
            llm,
            toolbox,
            recording["task"],
            allowed=recording["tools_allowed"],
            max_steps=recording["max_steps"],
            backoff=Backoff(retries=0),  # a mismatch is final: asking again changes nothing
        )
    finally:
        await llm.aclose()
    if not model.mismatches and model.served < len(model.exchanges):
        model.mismatches.append(
            Mismatch(
                model.served + 1,
                f"the run ended after {model.served} model calls; "
                f"{len(model.exchanges)} were recorded",
            )
        )
    for expected, got in (("status", trace["status"]), ("answer", trace["answer"])):
        if not model.mismatches and recording[expected] != got:
            model.mismatches.append(
                Mismatch(model.served, f"{expected}: recorded {recording[expected]!r}, got {got!r}")
            )
    return ReplayResult(
        not model.mismatches, trace["status"], trace["answer"], model.mismatches, trace
    )


def _difference(expected: dict[str, Any], sent: dict[str, Any]) -> str | None:
    if sent["tools"] != expected["tools"]:
        return "the tools offered differ from the recording (a name, description or schema)"
    want, got = expected["messages"], sent["messages"]
    for i, (a, b) in enumerate(zip(want, got, strict=False)):
        if a != b:
            return (
                f"messages[{i}] ({a.get('role')}) differs: recorded {_short(a)}, sent {_short(b)}"
            )
    if len(want) != len(got):
        return f"{len(got)} messages sent, {len(want)} recorded"
    return None


def _short(message: dict[str, Any]) -> str:
    text = json.dumps(message.get("content") if "content" in message else message)
    return text if len(text) <= PREVIEW else text[:PREVIEW] + "…"
