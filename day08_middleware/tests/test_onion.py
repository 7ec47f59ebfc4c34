"""The onion: layers run in order on the way in and in reverse on the way out."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from course.testing import asgi_client
from day08_middleware.onion import TraceLayer, process_time


async def test_public_route_shows_middleware_wrapping_the_handler(client: httpx.AsyncClient):
    r = await client.get("/onion")
    assert r.status_code == 200
    assert r.headers["x-layers"] == "outer>timing>inner>handler<inner<timing<outer"
    # The handler saw the way in only: the way out has not happened yet when it runs.
    assert r.json()["way_in"] == ["outer", "timing", "inner", "handler"]


async def test_router_dependency_runs_after_middleware_and_does_not_wrap(client, admin_headers):
    r = await client.get("/admin/onion", headers=admin_headers)
    assert r.status_code == 200
    # "auth" comes after every middleware and has no "<auth": a dependency runs once,
    # before the handler; only middleware sees the response on its way out.
    assert r.headers["x-layers"] == "outer>timing>inner>auth>handler<inner<timing<outer"


async def test_a_refusing_guard_short_circuits_but_middleware_still_wraps_the_401(client):
    r = await client.get("/admin/onion")
    assert r.status_code == 401
    assert r.headers["x-layers"] == "outer>timing>inner>auth<inner<timing<outer"


async def test_both_styles_of_middleware_are_in_the_built_stack(client: httpx.AsyncClient):
    stack = (await client.get("/onion")).json()["stack"]
    order = [
        "ServerErrorMiddleware",  # FastAPI's last-resort 500, outside everything you add
        "RequestContext",
        "CORSMiddleware",
        "TraceLayer(outer)",
        '@app.middleware("http") process_time',
        "TraceLayer(inner)",
        "GZipMiddleware",
        "BodyLimit",
        "ExceptionMiddleware",  # the exception handlers sit inside all middleware
        "router",
    ]
    positions = [stack.index(name) for name in order]
    assert positions == sorted(positions), stack


async def test_a_cors_preflight_never_reaches_the_inner_layers(client: httpx.AsyncClient):
    r = await client.options(
        "/onion",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"},
    )
    assert r.status_code == 200
    assert "x-layers" not in r.headers  # CORS answered it itself...
    assert r.headers["x-request-id"]  # ...inside RequestContext, which is outside CORS


async def test_process_time_is_the_http_style_and_sets_its_header(client: httpx.AsyncClient):
    r = await client.get("/onion")
    assert r.headers["x-process-time"].endswith("ms")
    assert float(r.headers["x-process-time"].removesuffix("ms")) >= 0


async def test_add_middleware_puts_the_newest_layer_outside():
    app = FastAPI()

    @app.get("/")
    async def root() -> dict[str, str]:
        return {}

    app.add_middleware(TraceLayer, name="first-added")
    app.add_middleware(TraceLayer, name="last-added")
    async with asgi_client(app) as c:
        r = await c.get("/")
    assert r.headers["x-layers"] == "last-added>first-added<first-added<last-added"


async def test_gzip_outside_an_http_style_middleware_compresses_even_tiny_bodies():
    """Why stack.py puts GZip inside process_time: call_next re-sends the body as a stream."""
    app = FastAPI()

    @app.get("/tiny")
    async def tiny() -> dict[str, str]:
        return {"a": "b"}

    app.middleware("http")(process_time)
    app.add_middleware(GZipMiddleware, minimum_size=500)  # outside: sees a stream
    async with asgi_client(app) as c:
        r = await c.get("/tiny", headers={"Accept-Encoding": "gzip"})
    assert r.json() == {"a": "b"}
    assert r.headers["content-encoding"] == "gzip"  # 9 bytes, compressed anyway
