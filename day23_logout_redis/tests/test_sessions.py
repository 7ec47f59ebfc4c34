"""Server-side sessions in Redis, and how they compare with JWT + denylist."""

from __future__ import annotations

import asyncio
import time

from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.sessions import id_hash

from .conftest import (
    ADA,
    CSRF,
    GRACE,
    assert_problem,
    assert_refused,
    bearer,
    browser,
    cookie,
    keys_under,
    login,
    session_login,
)


async def test_login_sets_an_httponly_cookie_and_stores_only_a_hash_of_the_id(
    client, redis_client, redis_prefix
):
    r = await client.post("/sessions/login", json=ADA)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert r.json()["username"] == "ada" and r.json()["idle_timeout_s"] == 1800
    (set_cookie,) = r.headers.get_list("set-cookie")
    name_value, *attributes = [part.strip() for part in set_cookie.split(";")]
    name, session_id = name_value.split("=", 1)
    assert name == "__Host-session" and len(session_id) == 43
    lowered = {a.lower() for a in attributes}
    assert {"httponly", "secure", "samesite=strict", "path=/"} <= lowered
    assert not any(a.startswith(("max-age", "expires", "domain")) for a in lowered)
    assert session_id not in r.text  # the id travels in the cookie only

    # Redis holds sha256(id), never the id: a leaked keyspace gives no usable cookie.
    keys = await keys_under(redis_client, redis_prefix)
    assert keys == [Keyspace(redis_prefix).session(id_hash(session_id))]
    assert session_id not in str(await redis_client.hgetall(keys[0]))


async def test_each_use_slides_the_idle_timeout(client, redis_client, redis_prefix):
    session_id = await session_login(client)
    key = Keyspace(redis_prefix).session(id_hash(session_id))
    await redis_client.expire(key, 5)  # as if the session had sat idle for almost 30 minutes
    r = await client.get("/sessions/me")
    assert r.status_code == 200 and r.json()["username"] == "ada"
    assert 1790 < await redis_client.ttl(key) <= 1800


async def test_an_idle_session_expires_and_is_never_resurrected(client, redis_client, redis_prefix):
    session_id = await session_login(client)
    key = Keyspace(redis_prefix).session(id_hash(session_id))
    await redis_client.pexpire(key, 50)  # the idle timeout runs out
    deadline = time.monotonic() + 3
    while await redis_client.exists(key):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
    assert_problem(await client.get("/sessions/me"), 401)
    # EXPIRE on a missing key is a no-op: the lookup did not re-create it.
    assert await redis_client.exists(key) == 0


async def test_logout_deletes_the_session_at_once(client, redis_client, redis_prefix):
    session_id = await session_login(client)
    r = await client.post("/sessions/logout", headers=CSRF)
    assert r.status_code == 204
    assert "max-age=0" in r.headers["set-cookie"].lower()  # the browser forgets it too
    assert await keys_under(redis_client, redis_prefix) == []
    body = assert_problem(await client.get("/sessions/me", headers=cookie(session_id)), 401)
    assert body["type"] == "/problems/invalid-session"


async def test_a_cookie_authenticated_logout_needs_the_csrf_header(client, redis_client):
    await session_login(client)
    body = assert_problem(await client.post("/sessions/logout"), 403)
    assert body["type"] == "/problems/csrf"
    assert (await client.get("/sessions/me")).status_code == 200  # still logged in


async def test_the_two_designs_compared(make_app, redis_client, redis_prefix):
    """Storage, revocation and scalability, measured on the two designs side by side."""
    a, b = make_app(), make_app()  # two instances: same Redis, same signing keys
    async with browser(a) as on_a, browser(b) as on_b:
        # Storage: a JWT login writes nothing; a session login writes one hash.
        pair = await login(on_a)
        assert await keys_under(redis_client, redis_prefix) == []
        session_id = await session_login(on_a, GRACE)
        assert len(await keys_under(redis_client, redis_prefix)) == 1

        # Scalability: any instance serves either design, with nothing kept in the process.
        assert (await on_b.get("/me", headers=bearer(pair))).status_code == 200
        assert (await on_b.get("/sessions/me", headers=cookie(session_id))).status_code == 200

        # Revocation: both are instant and everywhere. The token costs a denylist entry
        # until it expires; the session costs nothing once deleted.
        await on_b.post("/auth/logout", headers=bearer(pair))
        await on_b.post("/sessions/logout", headers={**cookie(session_id), **CSRF})
        assert_refused(await on_a.get("/me", headers=bearer(pair)), "revoked")
        assert_problem(await on_a.get("/sessions/me", headers=cookie(session_id)), 401)
        (left,) = await keys_under(redis_client, redis_prefix)
        assert ":denylist:jti:" in left
