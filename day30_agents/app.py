"""Day 30 app: a bookshop's task assistant — an agent loop behind an API.

* ``POST /tasks/run``  — a task in; the answer, how the run stopped, and every step out
* ``GET  /runs``       — the runs kept in memory, newest last
* ``GET  /runs/{id}``  — one run again
* ``GET  /tools``      — the tools, with the JSON Schemas generated from their signatures

The model is :func:`shared.llm.open_llm`'s: the offline model unless ``OPENAI_API_KEY`` is set;
:func:`shared.agent.llm_lifespan` opens it when the app starts.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Path, Request
from pydantic import BaseModel

from day30_agents import LESSON
from day30_agents.bookshop import PUBLIC_TOOLS, Shelf, bookshop_tools
from day30_agents.tasks import RunOut, RunStore, RunSummary, TaskIn, run_task
from shared.agent import AppLLM, LLMOpener, llm_lifespan
from shared.errors import problem_responses
from shared.service import create_service

RunId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]


class ToolOut(BaseModel):
    name: str
    description: str
    parameters: dict[str, Any]
    #: may a request allow it?
    public: bool


def create_app(*, llm: LLMOpener | None = None, shelf: Shelf | None = None) -> FastAPI:
    """The lesson's app; ``llm`` opens the model (default: the shared one), ``shelf`` is the
    shop's data (default: the sample catalogue — tests pass their own to look at it)."""
    data = shelf or Shelf.sample()
    toolbox = bookshop_tools(data)
    # The model is opened once, for the app's life (Day 27): every run shares its client.
    app = create_service(LESSON, lifespan=llm_lifespan(llm))
    app.state.runs = RunStore()
    app.state.shelf = data

    @app.post(
        "/tasks/run",
        response_model=RunOut,
        tags=["tasks"],
        responses=problem_responses(413, 422, 502, 503, 504),
    )
    async def run(body: TaskIn, llm: AppLLM, request: Request) -> RunOut:
        """Give the agent a task; it plans, calls tools and answers (or hits the step limit)."""
        out = await run_task(llm, toolbox, body)
        request.app.state.runs.add(out)  # only a finished run is stored
        return out

    @app.get("/runs", response_model=list[RunSummary], tags=["tasks"])
    async def runs(request: Request) -> list[RunSummary]:
        """The runs kept in memory (the newest 100), oldest first."""
        return [
            RunSummary(id=r.id, task=r.task, stopped=r.stopped, steps=len(r.steps))
            for r in request.app.state.runs.runs.values()
        ]

    @app.get(
        "/runs/{run_id}", response_model=RunOut, tags=["tasks"], responses=problem_responses(404)
    )
    async def one_run(run_id: RunId, request: Request) -> RunOut:
        """One run, as it was answered."""
        return request.app.state.runs.get(run_id)

    @app.get("/tools", response_model=list[ToolOut], tags=["tools"])
    async def tools() -> list[ToolOut]:
        """Every tool with the schema the model receives, generated from its signature."""
        return [
            ToolOut(
                name=t.name,
                description=t.description,
                parameters=t.parameters,
                public=t.name in PUBLIC_TOOLS,
            )
            for t in toolbox.tools.values()
        ]

    return app
