"""The API-key guard on the /admin router."""

from __future__ import annotations

import httpx
import pytest

from course.testing import asgi_client
from day08_middleware.api_key import DEMO_KEY, digest, keys_match
from day08_middleware.app import create_app


async def test_no_key_is_401_with_a_challenge(client: httpx.AsyncClient):
    r = await client.get("/admin/onion")
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("APIKey")
    assert r.json() == {"detail": "missing or invalid API key"}


@pytest.mark.parametrize("wrong", ["", "nope", DEMO_KEY + "x", DEMO_KEY[:-1], DEMO_KEY.upper()])
async def test_a_wrong_key_is_401_and_looks_like_a_missing_one(client, wrong):
    r = await client.get("/admin/onion", headers={"X-API-Key": wrong})
    assert r.status_code == 401
    assert r.json() == {"detail": "missing or invalid API key"}


async def test_the_right_key_is_200(client, admin_headers):
    r = await client.get("/admin/onion", headers=admin_headers)
    assert r.status_code == 200


async def test_only_the_admin_router_is_guarded(client: httpx.AsyncClient):
    for path in ("/health", "/onion", "/report", "/docs"):
        assert (await client.get(path)).status_code == 200, path
    # Routing happens before the guard: an unknown admin path is 404, not 401.
    assert (await client.get("/admin/nothing-here")).status_code == 404


async def test_the_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("API_KEY", "rotated-key")
    async with asgi_client(create_app()) as c:
        assert (await c.get("/admin/onion", headers={"X-API-Key": "rotated-key"})).is_success
        assert (await c.get("/admin/onion", headers={"X-API-Key": DEMO_KEY})).status_code == 401


async def test_openapi_documents_the_key_on_the_admin_routes_only(client: httpx.AsyncClient):
    spec = (await client.get("/openapi.json")).json()
    scheme = spec["components"]["securitySchemes"]["APIKeyHeader"]
    assert scheme == {"type": "apiKey", "in": "header", "name": "X-API-Key"} | {
        k: v for k, v in scheme.items() if k == "description"
    }
    assert spec["paths"]["/admin/onion"]["get"]["security"] == [{"APIKeyHeader": []}]
    assert "security" not in spec["paths"]["/onion"]["get"]


def test_keys_match_compares_digests_in_constant_time(monkeypatch: pytest.MonkeyPatch):
    expected = digest(DEMO_KEY)
    assert keys_match(DEMO_KEY, expected)
    assert not keys_match(DEMO_KEY + " ", expected)
    assert not keys_match("ünïcode", expected)  # any text at all is safe to compare
    # The comparison goes through hmac.compare_digest, on fixed-length digests.
    calls: list[tuple[bytes, bytes]] = []
    import hmac

    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    keys_match("x", expected)
    assert calls and all(len(a) == len(b) == 32 for a, b in calls)
