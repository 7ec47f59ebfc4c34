"""Checks for the README's exercises: each fails until you have made the change.

pytest day18_passwords/exercises -k throttle
pytest day18_passwords/exercises -k change_password
pytest day18_passwords/exercises -k shed
"""

from __future__ import annotations

import asyncio
import time

from day18_passwords.app import create_app
from day18_passwords.tests.helpers import PASSPHRASE, CountingHasher, GatedHasher

ADA = {"username": "ada", "password": PASSPHRASE}


async def test_throttle(mongo_db, client_for) -> None:
    hasher = CountingHasher()
    try:
        async with client_for(create_app(mongo_db, hasher=hasher)) as client:
            assert (await client.post("/signup", json=ADA)).status_code == 201
            for username in ("ada", "nobody"):  # a real account and an unknown one alike
                wrong = {"username": username, "password": "a wrong guess"}
                for _ in range(5):
                    assert (await client.post("/login", json=wrong)).status_code == 401
                checks = len(hasher.checks)
                blocked = await client.post("/login", json={**wrong, "password": PASSPHRASE})
                assert blocked.status_code == 429, blocked.text
                assert blocked.headers["content-type"] == "application/problem+json"
                assert int(blocked.headers["retry-after"]) > 0
                assert len(hasher.checks) == checks, "a throttled guess costs no hash"
            # Another account is not affected.
            await client.post("/signup", json={"username": "grace", "password": PASSPHRASE})
            grace = {"username": "grace", "password": PASSPHRASE}
            assert (await client.post("/login", json=grace)).status_code == 200
    finally:
        hasher.close()


async def test_change_password(mongo_db, client_for) -> None:
    hasher = CountingHasher()
    new = "a brand new passphrase for ada"
    try:
        async with client_for(create_app(mongo_db, hasher=hasher)) as client:
            assert (await client.post("/signup", json=ADA)).status_code == 201
            before = (await mongo_db.users.find_one({"username": "ada"}))["password_hash"]

            wrong = {"username": "ada", "password": "not the current one", "new_password": new}
            assert (await client.post("/password", json=wrong)).status_code == 401
            weak = {**ADA, "new_password": "password123"}
            assert (await client.post("/password", json=weak)).status_code == 422
            after = (await mongo_db.users.find_one({"username": "ada"}))["password_hash"]
            assert after == before, "a refused change writes nothing"

            changed = await client.post("/password", json={**ADA, "new_password": new})
            assert changed.status_code == 204, changed.text
            assert (await client.post("/login", json=ADA)).status_code == 401
            login = await client.post("/login", json={"username": "ada", "password": new})
            assert login.status_code == 200
    finally:
        hasher.close()


async def test_shed(mongo_db, client_for) -> None:
    """One hash worker, at most 2 logins waiting for it: every login beyond that gets a 503."""
    hasher = GatedHasher(workers=1)  # each verify waits at a gate until the test opens it
    try:
        app = create_app(mongo_db, hasher=hasher, max_waiting=2)  # type: ignore[call-arg]
        async with client_for(app) as client:
            assert (await client.post("/signup", json=ADA)).status_code == 201
            logins = [asyncio.create_task(client.post("/login", json=ADA)) for _ in range(10)]
            # 1 hashing + 2 waiting are accepted; the 7 others must be answered at once.
            deadline = time.monotonic() + 10
            while sum(task.done() for task in logins) < 7:
                assert time.monotonic() < deadline, "expected 7 logins shed while 3 are held"
                await asyncio.sleep(0.005)
            shed = [task.result() for task in logins if task.done()]
            assert all(r.status_code == 503 for r in shed), [r.text for r in shed]
            assert all(r.headers["content-type"] == "application/problem+json" for r in shed)
            assert all("retry-after" in r.headers for r in shed)
            hasher.gate.set()
            answers = await asyncio.gather(*logins)
            assert sorted(r.status_code for r in answers) == [200] * 3 + [503] * 7
            assert (await client.post("/login", json=ADA)).status_code == 200
    finally:
        hasher.gate.set()
        hasher.close()
