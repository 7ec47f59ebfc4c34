"""shared.middleware.RequestContext: request id in and out, Server-Timing, the access log."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from fastapi import FastAPI, Response

from course.testing import asgi_client
from shared.middleware import (
    COURSE_LOGGER,
    RequestContext,
    RequestIdFilter,
    configure_logging,
    current_request_id,
)

HEX_ID = re.compile(r"[0-9a-f]{32}")


async def test_a_sane_request_id_is_echoed(client: httpx.AsyncClient):
    r = await client.get("/onion", headers={"X-Request-ID": "my-trace.42"})
    assert r.headers["x-request-id"] == "my-trace.42"
    assert r.json()["request_id"] == "my-trace.42"  # the handler saw the same id


async def test_a_missing_request_id_is_generated(client: httpx.AsyncClient):
    first = (await client.get("/onion")).headers["x-request-id"]
    second = (await client.get("/onion")).headers["x-request-id"]
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "unsafe",
    ["has spaces", "a" * 65, "semi;colon", "<script>", "é-accent"],
)
async def test_an_unsafe_request_id_is_replaced(client: httpx.AsyncClient, unsafe: str):
    r = await client.get("/onion", headers={"X-Request-ID": unsafe.encode()})
    assert r.headers["x-request-id"] != unsafe
    assert HEX_ID.fullmatch(r.headers["x-request-id"])


async def test_server_timing_header_is_present(client: httpx.AsyncClient):
    r = await client.get("/health")
    assert re.fullmatch(r"app;dur=\d+\.\d", r.headers["server-timing"])


async def test_the_access_log_carries_the_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger=COURSE_LOGGER)
    r = await client.get("/onion?token=do-not-log", headers={"X-Request-ID": "trace-me-1"})
    lines = [rec for rec in caplog.records if rec.name == "course.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line.request_id == r.headers["x-request-id"] == "trace-me-1"
    assert "GET /onion -> 200" in line.getMessage()
    assert "[request trace-me-1]" in line.getMessage()
    assert "do-not-log" not in caplog.text  # the query string stays out of the log


async def test_a_guard_refusal_is_logged_with_the_id_but_never_the_key(client, caplog):
    caplog.set_level(logging.INFO, logger=COURSE_LOGGER)
    await client.get(
        "/admin/onion", headers={"X-Request-ID": "bad-key-1", "X-API-Key": "guess-123"}
    )
    warnings = [rec for rec in caplog.records if rec.levelno == logging.WARNING]
    assert any("bad-key-1" in rec.getMessage() for rec in warnings)
    assert "guess-123" not in caplog.text


async def test_only_one_request_id_leaves_even_if_an_inner_layer_set_one():
    app = FastAPI()

    @app.get("/")
    async def root(response: Response) -> dict[str, str]:
        response.headers["X-Request-ID"] = "set-by-the-handler"
        return {}

    app.add_middleware(RequestContext, header="X-Request-ID")  # any spelling of the name
    async with asgi_client(app) as c:
        r = await c.get("/", headers={"X-Request-ID": "from-the-client"})
    assert r.headers.get_list("x-request-id") == ["from-the-client"]


async def test_the_id_lives_only_as_long_as_the_request():
    seen: list[str] = []
    app = FastAPI()

    @app.get("/")
    async def root() -> dict[str, str]:
        seen.append(current_request_id())
        return {}

    app.add_middleware(RequestContext)
    async with asgi_client(app) as c:
        await c.get("/", headers={"X-Request-ID": "inside"})
    assert seen == ["inside"]
    assert current_request_id() == "-"


def test_request_id_filter_and_logging_setup():
    logger = configure_logging("info")
    configure_logging("info")  # idempotent: still one handler of ours
    ours = [h for h in logger.handlers if any(isinstance(f, RequestIdFilter) for f in h.filters)]
    assert len(ours) == 1
    record = logging.LogRecord("course.x", logging.INFO, __file__, 1, "hello", None, None)
    assert RequestIdFilter().filter(record) and record.request_id == "-"
    record.request_id = "kept"
    RequestIdFilter().filter(record)
    assert record.request_id == "kept"  # an id passed with extra= is not overwritten
