"""Day 08 app: a few routes whose only job is to be wrapped by the day's middleware.

``/onion`` shows the order of the layers, ``/report`` is big enough to be compressed, and
``/admin/*`` sits behind the API-key guard.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import BaseModel

from day08_middleware import LESSON
from day08_middleware.api_key import GuardSettings, digest, require_api_key
from day08_middleware.onion import describe_stack, trace_of
from day08_middleware.stack import install_middleware
from shared.app import create_app as create_base_app
from shared.middleware import configure_logging, current_request_id


class Onion(BaseModel):
    request_id: str
    #: the layers this request went through before reaching the handler
    way_in: list[str]
    #: every layer of the built app, outermost first
    stack: list[str]


class Row(BaseModel):
    id: int
    name: str
    status: str


def onion_answer(request: Request) -> Onion:
    trace = trace_of(request.scope)
    trace.enter("handler")
    return Onion(
        request_id=current_request_id(),
        way_in=list(trace.way_in),
        stack=describe_stack(request.app),
    )


public = APIRouter(tags=["middleware"])


@public.get("/onion", response_model=Onion)
async def onion(request: Request) -> Onion:
    """The order of execution: see the ``X-Layers`` response header."""
    return onion_answer(request)


@public.get("/report", response_model=list[Row])
async def report(request: Request, rows: Annotated[int, Query(ge=1, le=1000)] = 10) -> list[Row]:
    """``rows`` rows of JSON: above 500 bytes GZip compresses it (ask with Accept-Encoding)."""
    trace_of(request.scope).enter("handler")
    return [Row(id=i, name=f"row number {i}", status="ok") for i in range(1, rows + 1)]


# The guard is declared once, on the router: every route below inherits it.
admin = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_api_key)])


@admin.get("/onion", response_model=Onion)
async def admin_onion(request: Request) -> Onion:
    """Same as ``/onion`` behind the guard: ``auth`` appears between the middleware and the handler."""
    return onion_answer(request)


def create_app() -> FastAPI:
    settings = GuardSettings()
    configure_logging(settings.log_level)
    app = create_base_app(LESSON)
    # Only the digest is kept: the key itself never sits in app state, where a debug page
    # or a careless log line could print it.
    app.state.api_key_digest = digest(settings.api_key.get_secret_value())
    app.include_router(public)
    app.include_router(admin)
    install_middleware(app)
    return app
