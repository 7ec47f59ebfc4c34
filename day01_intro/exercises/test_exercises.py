"""Day 01 exercises: each test fails until you solve the task of the same name in the README.

Check one task with ``pytest day01_intro/exercises -k greeting_in_french``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from day01_intro.app import create_app


def client() -> TestClient:
    return TestClient(create_app())


def test_greeting_in_french() -> None:
    """Exercise 1: a `lang` query parameter, one of en/fr/es, default en; anything else is 422."""
    c = client()
    assert c.get("/api/greeting", params={"name": "Ada"}).json() == {"message": "Hello, Ada!"}
    french = c.get("/api/greeting", params={"name": "Ada", "lang": "fr"})
    assert french.json() == {"message": "Bonjour, Ada!"}
    spanish = c.get("/api/greeting", params={"name": "Ada", "lang": "es"})
    assert spanish.json() == {"message": "¡Hola, Ada!"}
    unknown = c.get("/api/greeting", params={"name": "Ada", "lang": "xx"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["query", "lang"]


def test_blank_name_refused() -> None:
    """Exercise 2: trim spaces around the name; a name of only spaces is 422, not 'Hello, !'."""
    c = client()
    assert c.get("/api/greeting", params={"name": "  Ada "}).json() == {"message": "Hello, Ada!"}
    for blank in (" ", "   \t "):
        response = c.get("/api/greeting", params={"name": blank})
        assert response.status_code == 422, f"{blank!r} should be refused"


def test_time_endpoint() -> None:
    """Exercise 3: GET /api/time answers {"now": <ISO 8601 UTC time>}; the page shows it."""
    c = client()
    response = c.get("/api/time")
    assert response.status_code == 200
    now = datetime.fromisoformat(response.json()["now"])
    assert now.utcoffset() == timedelta(0), "say the time in UTC, with its offset"
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=5)
    assert re.search(r"""fetch\(\s*["'`]api/time""", c.get("/").text), "the page fetches it"
