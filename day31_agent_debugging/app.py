"""Day 31 app: an order-support agent whose every run can be inspected and replayed.

* ``POST /runs``                — a task in; the answer and how the run went (its id to inspect)
* ``GET  /runs``                — the runs kept in memory
* ``GET  /runs/{id}/trace``     — every span of the run as JSON (a recording, too)
* ``GET  /runs/{id}/timeline``  — the same as a readable timeline: text, or HTML
* ``POST /runs/{id}/replay``    — play the recording back against today's code

The model is :func:`shared.llm.open_llm`'s: the offline model unless ``OPENAI_API_KEY`` is set.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel

from day31_agent_debugging import LESSON
from day31_agent_debugging.replay import replay
from day31_agent_debugging.retries import Backoff
from day31_agent_debugging.runs import RunIn, TraceStore, traced_run
from day31_agent_debugging.support import SUPPORT_TOOLS, Desk, support_tools
from day31_agent_debugging.timeline import as_html, as_text
from shared.agent import AppLLM, LLMOpener, llm_lifespan
from shared.errors import problem_responses
from shared.service import create_service
from shared.settings import get_settings

RunId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]


class StepOut(BaseModel):
    step: int
    tool: str
    status: str


class RunOut(BaseModel):
    run_id: str
    status: str
    answer: str | None
    detail: str
    #: every tool call, in order, with how it went
    tool_calls: list[StepOut]
    trace: str
    timeline: str


class RunSummary(BaseModel):
    run_id: str
    task: str
    status: str


class ReplayOut(BaseModel):
    matched: bool
    status: str
    answer: str | None
    mismatches: list[dict[str, Any]]


def create_app(
    *,
    llm: LLMOpener | None = None,
    desk: Desk | None = None,
    tool_timeout_s: float = 2.0,
    backoff_base_s: float = 0.5,
) -> FastAPI:
    """The lesson's app. ``llm`` opens the model (default: the shared one); ``desk`` is the
    shop's data; ``tool_timeout_s`` bounds each tool call, ``backoff_base_s`` the first wait
    before a model call is retried (tests make both small)."""
    toolbox = support_tools(desk or Desk.sample(), timeout_s=tool_timeout_s)
    app = create_service(LESSON, lifespan=llm_lifespan(llm))  # Day 30's wiring: one model
    app.state.traces = TraceStore()
    app.state.toolbox = toolbox

    @app.post(
        "/runs",
        response_model=RunOut,
        tags=["runs"],
        responses=problem_responses(413, 422, 502, 503, 504),
    )
    async def start(body: RunIn, llm: AppLLM, request: Request) -> RunOut:
        """Run the agent on a task; the trace is kept even when the model fails."""
        backoff = Backoff(retries=get_settings().llm_max_retries, base_s=backoff_base_s)
        trace, error = await traced_run(
            llm,
            toolbox,
            body.task,
            allowed=list(body.tools or SUPPORT_TOOLS),
            max_steps=body.max_steps,
            backoff=backoff,
        )
        request.app.state.traces.add(trace)
        if error is not None:
            # The same problem (502/503/504), now naming the run whose trace shows the attempts.
            error.extra["run_id"] = trace["run_id"]
            raise error
        return summary(trace)

    @app.get("/runs", response_model=list[RunSummary], tags=["runs"])
    async def runs(request: Request) -> list[RunSummary]:
        """The runs kept in memory (the newest 100), oldest first."""
        return [
            RunSummary(run_id=t["run_id"], task=t["task"], status=t["status"])
            for t in request.app.state.traces.traces.values()
        ]

    @app.get("/runs/{run_id}/trace", tags=["debugging"], responses=problem_responses(404))
    async def trace(run_id: RunId, request: Request) -> dict[str, Any]:
        """Every span of the run: model attempts with request and response, tool calls, the stop."""
        return request.app.state.traces.get(run_id)

    @app.get(
        "/runs/{run_id}/timeline",
        tags=["debugging"],
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/html": {}}}, **problem_responses(404)},
    )
    async def timeline(
        run_id: RunId,
        request: Request,
        format: Annotated[Literal["text", "html"] | None, Query()] = None,
    ) -> Response:
        """The run as a timeline: text, or HTML with ``?format=html`` or ``Accept: text/html``."""
        found = request.app.state.traces.get(run_id)
        wants_html = format == "html" or (
            format is None and "text/html" in request.headers.get("accept", "")
        )
        if wants_html:
            return HTMLResponse(as_html(found))
        return PlainTextResponse(as_text(found))

    @app.post(
        "/runs/{run_id}/replay",
        response_model=ReplayOut,
        tags=["debugging"],
        responses=problem_responses(404),
    )
    async def replay_run(run_id: RunId, request: Request) -> ReplayOut:
        """Play the run's recording back against today's tools and loop: does it still match?"""
        result = await replay(request.app.state.traces.get(run_id), toolbox)
        out = result.as_dict()
        return ReplayOut(**{k: out[k] for k in ReplayOut.model_fields})

    return app


def summary(trace: dict[str, Any]) -> RunOut:
    run_id = trace["run_id"]
    return RunOut(
        run_id=run_id,
        status=trace["status"],
        answer=trace["answer"],
        detail=trace["detail"],
        tool_calls=[
            StepOut(step=s["step"], tool=s["attributes"]["gen_ai.tool.name"], status=s["status"])
            for s in trace["spans"]
            if s["kind"] == "execute_tool"
        ],
        trace=f"/runs/{run_id}/trace",
        timeline=f"/runs/{run_id}/timeline",
    )
