"""The lesson under a real uvicorn, opening its own database as `python -m day17_validation` does."""

from __future__ import annotations

import uuid

import httpx
import pytest
from pymongo import MongoClient

from day17_validation.app import create_app
from shared.dbwatch import HEADER

from .conftest import EVE, PROBLEM_JSON


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
        # The seeded page: a hostile sample comment, inert, under a CSP.
        page = http.get("/pages/welcome")
        assert page.status_code == 200
        assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page.text
        assert "<script" not in page.text and "<svg" not in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'none'")

        # The seeded admin cannot be logged into by injection; the refusal never queried.
        r = http.post("/login", json={"username": "admin", "password": {"$ne": None}})
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM_JSON
        assert r.headers[HEADER] == "none"
        r = http.post("/login", json={"username": "admin", "password": "a guess"})
        assert r.status_code == 401

        assert http.post("/signup", json={**EVE, "username": " Ｅｖｅ"}).json()["username"] == "eve"
        assert http.post("/signup", json={**EVE, "email": "e2@example.org"}).status_code == 409
        login = http.post("/login", json={"username": "EVE", "password": EVE["password"]})
        assert login.status_code == 200 and login.json()["role"] == "member"

        # The shared body limit holds over a real socket too.
        huge = http.post(
            "/pages/welcome/comments",
            content=b'{"name": "a", "text": "' + b"x" * 1_100_000 + b'"}',
            headers={"content-type": "application/json"},
        )
        assert huge.status_code == 413 and huge.headers["content-type"] == PROBLEM_JSON
