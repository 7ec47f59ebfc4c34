"""Checks for the Day 08 exercises (README → Exercises). They fail until you solve them.

pytest day08_middleware/exercises -k security_headers
pytest day08_middleware/exercises -k key_rotation
pytest day08_middleware/exercises -k timing_as_asgi
"""

from __future__ import annotations

import importlib

import pytest

from course.testing import asgi_client
from day08_middleware.api_key import DEMO_KEY
from day08_middleware.app import create_app

PREFLIGHT = {"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"}


async def test_security_headers():
    """1. A pure-ASGI SecurityHeaders middleware on every response, CORS preflights included."""
    module = importlib.import_module("day08_middleware.security_headers")
    assert hasattr(module, "SecurityHeaders"), "write class SecurityHeaders in security_headers.py"
    async with asgi_client(create_app()) as c:
        for r in (await c.get("/onion"), await c.options("/onion", headers=PREFLIGHT)):
            assert r.headers.get("x-content-type-options") == "nosniff", r.headers
            assert r.headers.get("referrer-policy") == "no-referrer", r.headers


async def test_key_rotation(monkeypatch: pytest.MonkeyPatch):
    """2. During a key rotation, API_KEY and API_KEY_NEXT both open /admin; nothing else does."""
    monkeypatch.setenv("API_KEY", "old-key")
    monkeypatch.setenv("API_KEY_NEXT", "new-key")
    async with asgi_client(create_app()) as c:
        for key, status in (("old-key", 200), ("new-key", 200), (DEMO_KEY, 401), ("", 401)):
            r = await c.get("/admin/onion", headers={"X-API-Key": key})
            assert r.status_code == status, key
    monkeypatch.delenv("API_KEY_NEXT")
    async with asgi_client(create_app()) as c:  # no next key: only the current one works
        assert (await c.get("/admin/onion", headers={"X-API-Key": "new-key"})).status_code == 401


async def test_cors_origins(monkeypatch: pytest.MonkeyPatch):
    """3. The CORS allow-list comes from CORS_ORIGINS (comma-separated); "*" refuses to start."""
    monkeypatch.setenv("CORS_ORIGINS", "https://app.example, https://admin.example")
    async with asgi_client(create_app()) as c:
        for origin, allowed in (
            ("https://app.example", True),
            ("https://admin.example", True),
            ("http://localhost:3000", False),  # the built-in list is replaced, not extended
        ):
            r = await c.options("/onion", headers={**PREFLIGHT, "Origin": origin})
            assert (r.status_code == 200) is allowed, origin
            assert (r.headers.get("access-control-allow-origin") == origin) is allowed, origin
    monkeypatch.setenv("CORS_ORIGINS", "*")
    with pytest.raises(ValueError):
        create_app()
