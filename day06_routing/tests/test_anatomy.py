"""FastAPI = Starlette (routing, requests) + Pydantic (validation) + OpenAPI built from both."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.routing import Mount, Route

from day06_routing.schemas import BookIn, BookOut


async def test_fastapi_is_a_starlette_app(app, client) -> None:
    assert isinstance(app, Starlette)
    anatomy = (await client.get("/anatomy")).json()
    assert anatomy["app_lineage"] == ["FastAPI", "Starlette"]


async def test_routes_are_starlette_routes(client) -> None:
    routes = {
        (r["path"], tuple(r["methods"])): r for r in (await client.get("/anatomy")).json()["routes"]
    }
    book = routes[("/books/{book_id}", ("GET",))]
    assert book["kind"] == "APIRoute" and book["lineage"] == ["APIRoute", "Route", "BaseRoute"]
    assert book["name"] == "get_book"
    assert routes[("/docs", ("GET", "HEAD"))]["kind"] == "Route"  # docs: a plain Starlette route
    assert routes[("/v0", ())]["kind"] == "Mount"


async def test_included_routers_are_expanded_to_full_paths(app, client) -> None:
    anatomy = (await client.get("/anatomy")).json()
    listed = {r["path"] for r in anatomy["routes"]}
    assert {"/books", "/books/{book_id}/reviews", "/authors/{author_id}/books"} <= listed
    # app.routes itself stays small: an entry per include_router, not per endpoint.
    assert len(anatomy["stored"]) == len(app.routes) < len(anatomy["routes"])
    stored_paths = {getattr(r, "path", None) for r in app.routes}
    assert "/books/{book_id}/reviews" not in stored_paths
    assert {Route, Mount} <= {type(r) for r in app.routes}


async def test_handlers_get_starlette_requests() -> None:
    # The `request: Request` a handler asks for is Starlette's own class.
    from starlette.requests import Request as StarletteRequest

    assert Request is StarletteRequest
    assert issubclass(FastAPI, Starlette)


async def test_validation_is_pydantic(client) -> None:
    bad = {"title": "", "author_id": 1, "year": 3000, "genre": "cooking", "price_cents": 1, "x": 1}
    with pytest.raises(ValidationError) as raised:
        BookIn.model_validate(bad)
    direct = sorted((("body", *e["loc"]), e["type"]) for e in raised.value.errors())
    http = (await client.post("/books", json=bad)).json()["detail"]
    # The 422 is Pydantic's error list, each location prefixed with where it came from.
    assert sorted((tuple(e["loc"]), e["type"]) for e in http) == direct
    assert len(direct) == 4


async def test_openapi_is_generated_from_the_pydantic_models(app) -> None:
    components = app.openapi()["components"]["schemas"]
    for model in (BookIn, BookOut):
        generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
        documented = components[model.__name__]
        assert documented["properties"].keys() == generated["properties"].keys()
        assert documented["required"] == generated["required"]
    assert components["BookIn"]["properties"]["year"]["minimum"] == 1450
