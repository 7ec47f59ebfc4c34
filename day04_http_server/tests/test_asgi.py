"""The same handler as a raw ASGI app: under a real uvicorn it answers exactly like our server."""

from __future__ import annotations

import httpx
import pytest

from day04_http_server.asgi import asgi_app
from day04_http_server.handler import handle
from day04_http_server.server import HTTPServer
from day04_http_server.tests.conftest import LIMITS

REQUESTS = [
    ("GET", "/health", b""),
    ("GET", "/hello?name=Ada%20Lovelace", b""),
    ("GET", "/hello?name=" + "a" * 65, b""),
    ("POST", "/echo", b"same bytes back"),
    ("POST", "/echo", b"x" * 2000),  # over max_body_bytes: 413
    ("GET", "/nope", b""),
    ("DELETE", "/echo", b""),
    ("HEAD", "/health", b""),
    ("GET", "/", b""),
]


async def answers(base_url: str) -> list[tuple[int, str, str, bytes]]:
    async with httpx.AsyncClient(base_url=base_url, timeout=3) as client:
        out = []
        for method, path, body in REQUESTS:
            r = await client.request(
                method, path, content=body, headers={"Content-Type": "text/plain"}
            )
            out.append(
                (r.status_code, r.headers["content-type"], r.headers.get("allow", ""), r.content)
            )
        return out


async def test_uvicorn_and_our_server_answer_the_same(server: HTTPServer, live_app) -> None:
    uvicorn_url = live_app(asgi_app(handle, max_body_bytes=LIMITS["max_body_bytes"]))
    ours, theirs = await answers(server.url), await answers(uvicorn_url)
    assert [a[0] for a in ours] == [200, 200, 400, 200, 413, 404, 405, 200, 200]
    assert ours == theirs


async def test_health_under_uvicorn_from_the_app_factory(live_app) -> None:
    from day04_http_server.app import create_app

    async with httpx.AsyncClient(base_url=live_app(create_app()), timeout=3) as client:
        response = await client.get("/health")
    assert response.json() == {"status": "ok", "day": 4}
    assert response.headers["server"] == "uvicorn"  # really uvicorn, not our server


@pytest.mark.parametrize("declared", [True, False])
async def test_asgi_adapter_refuses_large_bodies(declared: bool) -> None:
    # uvicorn enforces no body limit, so the adapter counts: by Content-Length, or as it reads.
    app = asgi_app(handle, max_body_bytes=10)

    async def body():
        yield b"x" * 8
        yield b"x" * 8

    content = b"x" * 16 if declared else body()
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post("/echo", content=content)
    assert response.status_code == 413


async def test_mounted_under_a_prefix_routes_still_match() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from day04_http_server.app import create_app

    course = Starlette(routes=[Mount("/day04", app=create_app())])
    transport = httpx.ASGITransport(course)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/day04/health")
    assert response.json() == {"status": "ok", "day": 4}
