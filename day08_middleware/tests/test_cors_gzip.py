"""CORS with an explicit allow-list, GZip above a minimum size, bounded input."""

from __future__ import annotations

import gzip

import httpx
import pytest

from day08_middleware.stack import ALLOWED_ORIGINS, GZIP_MINIMUM_BYTES

PREFLIGHT = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-api-key"}


async def test_preflight_from_an_allowed_origin_is_allowed(client: httpx.AsyncClient):
    origin = ALLOWED_ORIGINS[0]
    r = await client.options("/admin/onion", headers={"Origin": origin, **PREFLIGHT})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == origin
    assert "x-api-key" in r.headers["access-control-allow-headers"].lower()


async def test_preflight_from_another_origin_is_refused(client: httpx.AsyncClient):
    r = await client.options(
        "/admin/onion", headers={"Origin": "https://evil.example", **PREFLIGHT}
    )
    assert r.status_code == 400
    assert "access-control-allow-origin" not in r.headers


async def test_simple_requests_get_cors_headers_only_for_allowed_origins(client):
    allowed = await client.get("/onion", headers={"Origin": ALLOWED_ORIGINS[1]})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGINS[1]
    assert "x-request-id" in allowed.headers["access-control-expose-headers"].lower()
    # The server still answers a foreign origin (CORS is enforced by the browser), but
    # without the header the browser will not let that page read the answer.
    other = await client.get("/onion", headers={"Origin": "https://evil.example"})
    assert other.status_code == 200
    assert "access-control-allow-origin" not in other.headers


async def test_a_big_body_is_gzipped_for_a_client_that_accepts_it(client: httpx.AsyncClient):
    r = await client.get("/report?rows=50", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in r.headers["vary"].lower()
    assert len(r.json()) == 50  # httpx decompressed it
    assert int(r.headers["content-length"]) < len(r.content)  # compressed on the wire


async def test_a_small_body_is_sent_as_is(client: httpx.AsyncClient):
    r = await client.get("/report?rows=1", headers={"Accept-Encoding": "gzip"})
    assert len(r.content) < GZIP_MINIMUM_BYTES
    assert "content-encoding" not in r.headers


async def test_no_gzip_without_accept_encoding(client: httpx.AsyncClient):
    r = await client.get("/report?rows=50", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in r.headers
    assert len(r.content) > GZIP_MINIMUM_BYTES


async def test_gzip_body_is_real_gzip(client: httpx.AsyncClient):
    async with client.stream("GET", "/report?rows=100", headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join([chunk async for chunk in r.aiter_raw()])
    assert gzip.decompress(raw).startswith(b'[{"id":1')


@pytest.mark.parametrize("rows", ["0", "1001", "-5", "lots", "1e9"])
async def test_bad_rows_is_422(client: httpx.AsyncClient, rows: str):
    r = await client.get(f"/report?rows={rows}")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "rows"]
