"""Checks for the README's exercises: each fails until you have made the change.

pytest day22_methods_env/exercises -k initials
pytest day22_methods_env/exercises -k find_recent
pytest day22_methods_env/exercises -k change_password
pytest day22_methods_env/exercises -k short_sessions
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from day22_methods_env.app import create_app
from day22_methods_env.schemas import SignupForm
from day22_methods_env.tests.helpers import ADA, PASSWORD, strong_secret
from day22_methods_env.user import COLLECTION, User
from shared.security import TEST_COST, PasswordHasher
from shared.settings import ConfigurationError, get_settings


@pytest.fixture
def hasher() -> Iterator[PasswordHasher]:
    hasher = PasswordHasher(TEST_COST, allow_below_floor=True, workers=2)
    yield hasher
    hasher.close()


@pytest.fixture
def development(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("ENVIRONMENT", "SECRET_KEY", "DAY22_SESSION__MAX_AGE_S"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


async def test_initials(
    mongo_db: Any, hasher: PasswordHasher, client_for: Any, development
) -> None:
    """A second virtual: ``initials`` ("AL" for Ada Lovelace), in answers, never stored."""
    async with client_for(create_app(mongo_db, hasher=hasher)) as client:
        created = await client.post("/signup", json={**ADA, "first_name": "ada"})
        assert created.status_code == 201, created.text
        assert created.json()["initials"] == "AL"
        changed = await client.patch("/me", json={"last_name": "King"})
        assert changed.json()["initials"] == "AK"
    assert "initials" not in await mongo_db[COLLECTION].find_one({})


async def test_find_recent(mongo_db: Any, hasher: PasswordHasher) -> None:
    """A static: ``await User.find_recent(db, limit)`` — the newest users first, at most 50."""
    for name in ("ada", "grace", "linus"):
        form = SignupForm.model_validate({**ADA, "email": f"{name}@example.org"})
        await (await User.from_signup(form, hasher)).save(mongo_db)
    recent = await User.find_recent(mongo_db, limit=2)
    assert [u.email for u in recent] == ["linus@example.org", "grace@example.org"]
    assert all(isinstance(u, User) for u in recent)
    for bad in (0, 51):
        with pytest.raises(ValueError):
            await User.find_recent(mongo_db, limit=bad)


async def test_change_password(
    mongo_db: Any, hasher: PasswordHasher, client_for: Any, development
) -> None:
    """A method ``await user.set_password(new, hasher)`` and ``POST /me/password``:
    ``{"current_password", "new_password"}`` -> 204; a wrong current password -> 401, unchanged."""
    new = "a brand new passphrase"
    async with client_for(create_app(mongo_db, hasher=hasher)) as client:
        await client.post("/signup", json=ADA)
        before = (await mongo_db[COLLECTION].find_one({}))["password_hash"]
        wrong = await client.post(
            "/me/password", json={"current_password": "not it", "new_password": new}
        )
        assert wrong.status_code == 401
        assert (await mongo_db[COLLECTION].find_one({}))["password_hash"] == before
        short = await client.post(
            "/me/password", json={"current_password": PASSWORD, "new_password": "short"}
        )
        assert short.status_code == 422
        done = await client.post(
            "/me/password", json={"current_password": PASSWORD, "new_password": new}
        )
        assert done.status_code == 204, done.text
        client.cookies.clear()
        login = {"email": ADA["email"], "password": new}
        assert (await client.post("/login", json=login)).status_code == 200
        old = {"email": ADA["email"], "password": PASSWORD}
        assert (await client.post("/login", json=old)).status_code == 401


def test_short_sessions(monkeypatch: pytest.MonkeyPatch, development) -> None:
    """Production refuses sessions longer than an hour, naming DAY22_SESSION__MAX_AGE_S."""
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", strong_secret())
    monkeypatch.setenv("DAY22_SESSION__MAX_AGE_S", "86400")
    get_settings.cache_clear()
    with pytest.raises(ConfigurationError, match="DAY22_SESSION__MAX_AGE_S"):
        create_app()
    monkeypatch.setenv("DAY22_SESSION__MAX_AGE_S", "3600")
    assert create_app() is not None
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.setenv("DAY22_SESSION__MAX_AGE_S", "86400")
    get_settings.cache_clear()
    assert create_app() is not None  # a laptop may keep a day-long session
