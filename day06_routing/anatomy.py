"""What FastAPI is made of: a Starlette app whose routes validate with Pydantic.

``FastAPI`` subclasses ``Starlette``. Each ``@router.get`` becomes an ``APIRoute``, a Starlette
``Route`` that reads parameters and bodies through Pydantic; ``/docs`` and ``/openapi.json`` are
plain Starlette ``Route``s; ``app.mount`` adds a Starlette ``Mount``. ``GET /anatomy`` shows it.

``app.routes`` is a tree, not a flat list (FastAPI 0.137+): each ``include_router`` adds one
node that keeps the router and its prefix, and is resolved when a request arrives.
``fastapi.routing.iter_route_contexts`` walks that tree and yields every endpoint with its
full path, the view tools such as the OpenAPI generator use.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.routing import RouteContext, iter_route_contexts
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.routing import BaseRoute

router = APIRouter(tags=["anatomy"])


class RouteInfo(BaseModel):
    path: str
    methods: list[str]
    name: str | None
    #: the route's class: APIRoute (FastAPI), Route (plain Starlette) or Mount
    kind: str
    #: that class and its bases up to Starlette's BaseRoute
    lineage: list[str]


class Anatomy(BaseModel):
    #: FastAPI's class chain up to Starlette: the app *is* a Starlette app
    app_lineage: list[str]
    #: the class of each entry of app.routes as stored: routes, included routers, mounts
    stored: list[str]
    #: every endpoint, with included routers expanded to their full paths
    routes: list[RouteInfo]


def lineage(cls: type, stop: type) -> list[str]:
    """``cls`` and its bases, up to and including ``stop``."""
    chain = cls.__mro__
    return [c.__name__ for c in chain[: chain.index(stop) + 1]]


def describe(context: RouteContext) -> RouteInfo:
    route = context.original_route
    return RouteInfo(
        path=context.path or "",
        methods=sorted(context.methods or []),
        name=context.name,
        kind=type(route).__name__,
        lineage=lineage(type(route), BaseRoute),
    )


def anatomy(app: FastAPI) -> Anatomy:
    return Anatomy(
        app_lineage=lineage(type(app), Starlette),
        stored=[type(route).__name__ for route in app.routes],
        routes=[describe(context) for context in iter_route_contexts(app.routes)],
    )


@router.get("/anatomy", response_model=Anatomy)
async def show_anatomy(request: Request) -> Anatomy:
    """Every route of this app, with the Starlette class behind it."""
    return anatomy(request.app)
