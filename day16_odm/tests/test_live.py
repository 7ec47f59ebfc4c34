"""The lesson under a real uvicorn, opening its own database as `python -m day16_odm` does."""

from __future__ import annotations

import uuid

import httpx
import pytest
from pymongo import MongoClient

from day16_odm.app import create_app
from day16_odm.sample_data import BOOKS
from shared.dbwatch import HEADER


@pytest.fixture
def db_name(mongo_url: str):
    name = f"test_{uuid.uuid4().hex}"
    yield name
    # With MONGODB_URL set the app wrote to that server: leave nothing behind. (Embedded, the
    # app's own in-memory server is gone already and this drops a name that never existed.)
    with MongoClient(mongo_url, serverSelectionTimeoutMS=3000) as client:
        client.drop_database(name)


def test_the_lesson_over_a_real_socket(live_app, db_name: str) -> None:
    url = live_app(create_app(db_name=db_name, seed=True))
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.get("/health").json()["status"] == "ok"

        r = http.get("/books/with-authors", params={"limit": 50})
        assert r.status_code == 200
        assert len(r.json()["items"]) == len(BOOKS)  # the sample data, seeded at start-up
        assert all(b["author"]["email"].endswith("@example.org") for b in r.json()["items"])
        assert r.headers[HEADER] == "find=2"

        page = http.get("/books", params={"limit": 4, "fields": "title"}).json()
        assert [set(b) for b in page["items"]] == [{"id", "title"}] * 4
        rest = http.get("/books", params={"limit": 50, "after": page["next"]}).json()
        assert len(page["items"]) + len(rest["items"]) == len(BOOKS)

        r = http.post("/authors", json={"name": "Ursula", "email": "URSULA@example.org"})
        assert r.status_code == 409
        assert r.headers["content-type"] == "application/problem+json"
        assert http.get("/books/not-an-id").status_code == 422
