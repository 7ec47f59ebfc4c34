"""Through a real uvicorn, and as a learner runs it: cookies over a socket, secrets out of the log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx

from day22_methods_env.app import create_app
from day22_methods_env.tests.helpers import ADA, PASSWORD, strong_secret
from shared.backends import configured
from shared.security import PasswordHasher
from shared.settings import Settings


async def test_sign_up_and_edit_the_profile_over_a_real_socket(
    live_app: Callable[[Any], str], hasher: PasswordHasher, environ: Callable[..., None]
) -> None:
    environ(ENVIRONMENT="production", SECRET_KEY=strong_secret())
    # The app opens its own database, on uvicorn's event loop (a test's client lives on another).
    db_name = f"test_day22_live_{uuid.uuid4().hex[:8]}"
    url = live_app(create_app(hasher=hasher, db_name=db_name))
    try:
        await _sign_up_and_edit(url)
    finally:
        _drop_if_real(db_name)


async def _sign_up_and_edit(url: str) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        created = await client.post("/signup", json=ADA)
        assert created.status_code == 201, created.text
        cookie = created.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie
        # A Secure cookie is not sent back over plain http: the client's jar holds it back.
        assert (await client.get("/me")).status_code == 401
        session = {"cookie": f"day22_session={client.cookies['day22_session']}"}
        me = await client.patch("/me", json={"last_name": "King"}, headers=session)
        assert me.status_code == 200 and me.json()["full_name"] == "Ada King"
        assert (await client.get("/docs")).status_code == 404  # production: no docs


def test_the_lesson_as_run_keeps_secrets_out_of_its_output(
    lesson_process: Callable[..., Any],
) -> None:
    """``python -m day22_methods_env`` at DEBUG, with every secret set: none is ever printed."""
    secrets = {
        "SECRET_KEY": strong_secret(),
        "OPENAI_API_KEY": "sk-" + strong_secret(),
        "DAY22 user password": PASSWORD,
    }
    lesson = lesson_process(
        "day22_methods_env",
        env={
            "MONGODB_URL": "",  # the embedded server: this test is about the lesson's output
            "LOG_LEVEL": "debug",
            "ENVIRONMENT": "development",
            "SECRET_KEY": secrets["SECRET_KEY"],
            "OPENAI_API_KEY": secrets["OPENAI_API_KEY"],
        },
    )
    with httpx.Client(base_url=lesson.url, timeout=10) as client:
        assert client.post("/signup", json=ADA).status_code == 201
        assert client.get("/me").status_code == 200
        login = client.post("/login", json={"email": ADA["email"], "password": PASSWORD})
        assert login.status_code == 200
        config = client.get("/config").json()
        secrets["the session cookie"] = client.cookies["day22_session"]
    output = lesson.stop()
    assert "POST /signup -> 201" in output  # the access log is in there
    assert "GET /me -> 200" in output
    assert [name for name, value in secrets.items() if value in output] == []
    rows = {row["variable"]: row for row in config["settings"]}
    assert rows["SECRET_KEY"] == {
        "variable": "SECRET_KEY",
        "value": "**********",
        "source": "environment",
    }


def _drop_if_real(db_name: str) -> None:
    """An embedded database vanishes with the app; one on MONGODB_URL must be dropped."""
    url = configured(Settings().mongodb_url)
    if url:
        from pymongo import MongoClient  # noqa: PLC0415

        with MongoClient(url, serverSelectionTimeoutMS=3000) as client:
            client.drop_database(db_name)
