"""Day 25 app: four limits, three strategies, four kinds of key — and ``GET /limits`` to read them.

* ``GET  /search?q=``       — fixed window, per IP
* ``GET  /items``, ``GET /items/{item_id}`` — fixed window per IP and route, on the router
* ``POST /upload?name=``    — token bucket per user, the cost is the body's size
* ``POST /jobs``            — leaky bucket per user (per IP when anonymous)
* ``GET  /limits``          — the policies above, as data

Every limited answer carries ``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset``
and ``RateLimit-Policy``; a refusal is a 429 problem+json with ``Retry-After`` as well.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import deque
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from pydantic import BaseModel, ConfigDict

from day25_rate_limiter import LESSON
from day25_rate_limiter.identity import optional_user, require_user
from day25_rate_limiter.policies import PolicyOut, build, describe
from day25_rate_limiter.uploads import (
    NAME_PATTERN,
    RAW_BODY,
    UploadOut,
    cost_of,
    upload_cost,
)
from shared.errors import NotFound, problem_responses
from shared.ratelimit import Clock, Decision, rate_limited_responses
from shared.service import create_service

#: what the server remembers is bounded too: the newest uploads and jobs only
KEEP = 100

BOOKS = {
    1: "Designing Data-Intensive Applications",
    2: "Release It!",
    3: "Site Reliability Engineering",
    4: "High Performance Browser Networking",
    5: "Understanding Distributed Systems",
}


class Item(BaseModel):
    id: int
    title: str


class JobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task: Literal["resize", "report", "email"]


class JobOut(BaseModel):
    id: int
    task: str
    owner: str
    #: jobs still draining from this client's bucket, this one included
    backlog: int


def create_app(clock: Clock | None = None) -> FastAPI:
    """The app; ``clock`` (seconds, monotonic) lets tests move time instead of waiting."""
    app = create_service(LESSON)
    limits = build(clock) if clock is not None else build()
    app.state.limits = limits
    app.state.uploads = deque(maxlen=KEEP)
    app.state.jobs = deque(maxlen=KEEP)
    job_ids = itertools.count(1)
    limited = rate_limited_responses()

    @app.get("/limits", tags=["limits"], response_model=list[PolicyOut])
    async def list_limits() -> list[PolicyOut]:
        """Every policy: strategy, quota, window, what it is counted per, and where it applies."""
        return [describe(guard) for guard in limits.all()]

    @app.get(
        "/search",
        tags=["search"],
        response_model=list[Item],
        dependencies=[Depends(limits.search.dependency())],
        responses={**limited, **problem_responses(422)},
    )
    async def search(q: Annotated[str, Query(min_length=1, max_length=100)]) -> list[Item]:
        """Titles containing ``q``. Limited per IP: 5 per 10 s window."""
        needle = q.casefold()
        return [Item(id=i, title=t) for i, t in BOOKS.items() if needle in t.casefold()]

    # One limiter for a whole router; `by_route` inside its key gives each route its own count.
    catalog = APIRouter(
        prefix="/items",
        tags=["catalog"],
        dependencies=[Depends(limits.catalog.dependency())],
        responses=limited,
    )

    @catalog.get("", response_model=list[Item])
    async def list_items() -> list[Item]:
        return [Item(id=i, title=t) for i, t in BOOKS.items()]

    @catalog.get("/{item_id}", response_model=Item, responses=problem_responses(404, 422))
    async def get_item(item_id: Annotated[int, Path(ge=1, le=1_000_000)]) -> Item:
        if item_id not in BOOKS:
            raise NotFound(f"no item with id {item_id}")
        return Item(id=item_id, title=BOOKS[item_id])

    app.include_router(catalog)

    @app.post(
        "/upload",
        tags=["uploads"],
        status_code=201,
        response_model=UploadOut,
        # Order matters: who you are first (401 spends nothing), then the limit.
        dependencies=[Depends(require_user), Depends(limits.uploads.dependency(upload_cost))],
        responses={**limited, **problem_responses(401, 413, 422)},
        openapi_extra=RAW_BODY,
    )
    async def upload(
        request: Request,
        name: Annotated[str, Query(pattern=NAME_PATTERN)],
        user: Annotated[str, Depends(require_user)],
    ) -> UploadOut:
        """Store a file sent as the raw body. Limited per user by bytes: a token bucket."""
        body = await request.body()
        stored = UploadOut(
            owner=user,
            name=name,
            bytes=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
            cost=cost_of(len(body)),
        )
        app.state.uploads.append(stored)
        return stored

    @app.post(
        "/jobs",
        tags=["jobs"],
        status_code=202,
        response_model=JobOut,
        dependencies=[Depends(optional_user)],
        responses={**limited, **problem_responses(401, 422)},
    )
    async def create_job(
        job: JobIn,
        request: Request,
        # A default, not `Annotated[...]`: with postponed annotations FastAPI evaluates the
        # annotation in the module's namespace, where this app's `limits` does not exist.
        decision: Decision = Depends(limits.jobs.dependency()),
    ) -> JobOut:
        """Queue a job. Limited per user (or IP) by a leaky bucket: 3 deep, one drains per 2 s."""
        owner = getattr(request.state, "user", None) or "anonymous"
        queued = JobOut(
            id=next(job_ids),
            task=job.task,
            owner=owner,
            backlog=decision.limit - decision.remaining,
        )
        app.state.jobs.append(queued)
        return queued

    return app
