"""``shared.app.create_app``: health, the lesson page, and the body-size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from shared.settings import get_settings
from tests.sample_lesson.app import create_app


async def test_health_and_lesson_page(client_for) -> None:
    async with client_for(create_app()) as client:
        assert (await client.get("/health")).json() == {"status": "ok", "day": 99}
        page = await client.get("/")
        assert "Sample lesson" in page.text and "docs" in page.text


async def test_declared_oversized_body_is_refused_before_reading(client_for) -> None:
    async with client_for(create_app()) as client:
        response = await client.post("/echo", content=b"{" + b" " * 1_000_001 + b"}")
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 413


async def test_streamed_oversized_body_is_refused(live_app, monkeypatch) -> None:
    # A chunked body declares no length: it is counted as it arrives.
    monkeypatch.setenv("MAX_BODY_BYTES", "1000")
    get_settings.cache_clear()
    url = live_app(create_app())
    get_settings.cache_clear()

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"a": "'
        for _ in range(3):
            yield b"x" * 600
        yield b'"}'

    async with httpx.AsyncClient() as client:
        response = await client.post(f"{url}/echo", content=chunks())
    assert response.status_code == 413


async def test_body_within_limit_passes(client_for) -> None:
    async with client_for(create_app()) as client:
        response = await client.post("/echo", json={"a": "x" * 1000})
    assert response.status_code == 200


async def test_413_carries_the_request_id_once_the_service_stack_is_used(client_for) -> None:
    from shared.service import create_service
    from tests.sample_lesson import LESSON

    async with client_for(create_service(LESSON)) as client:
        response = await client.post("/health", content=b"x" * 1_000_001)
    assert response.status_code == 413
    assert response.json()["request_id"] == response.headers["x-request-id"]
