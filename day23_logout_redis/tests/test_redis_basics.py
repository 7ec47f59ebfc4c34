"""The Redis basics the lesson uses, checked on what it really writes to a real Redis."""

from __future__ import annotations

import re
import time

from day23_logout_redis.denylist import revoke
from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.login_guard import MAX_ATTEMPTS, WINDOW_S
from shared.tokens import issue

from .conftest import ADA, GRACE, assert_problem, bearer, keys_under, login, session_login

WRONG = {"username": "ada", "password": "wrong"}


async def test_every_key_follows_the_naming_convention_and_expires(
    client, redis_client, redis_prefix
):
    """app:kind:id for everything written — and no key without a TTL, ever."""
    pair = await login(client)
    await client.post("/auth/logout", headers=bearer(pair))
    await session_login(client, GRACE)
    await client.post("/auth/login", json=WRONG)

    keys = await keys_under(redis_client, redis_prefix)
    p = re.escape(redis_prefix)
    shapes = {
        "denylist": rf"{p}denylist:jti:[0-9a-f]{{32}}",
        "session": rf"{p}session:[0-9a-f]{{64}}",
        "counter": rf"{p}login:failures:ada:127\.0\.0\.1",
    }
    assert len(keys) == 3, keys
    for key in keys:
        assert any(re.fullmatch(shape, key) for shape in shapes.values()), key
        assert await redis_client.ttl(key) > 0, f"{key} would live forever"
    types = {await redis_client.type(key) for key in keys}
    assert types == {"string", "hash"}


async def test_set_nx_makes_logout_idempotent_and_never_moves_the_expiry(
    app, client, redis_client, redis_prefix
):
    token = issue(app.state.keys, app.state.policy, "ada")
    keys = Keyspace(redis_prefix)
    first = await revoke(redis_client, keys, token.claims, leeway_s=10)
    assert first.first and first.ttl_ms > 900_000
    # Pretend most of the token's life has passed (PEXPIRE), then log out again.
    await redis_client.pexpire(keys.denylist(first.jti), 5000)
    second = await revoke(redis_client, keys, token.claims, leeway_s=10)
    assert not second.first and 0 < second.ttl_ms <= 5000
    assert 0 < await redis_client.pttl(keys.denylist(first.jti)) <= 5000


async def test_incr_counts_failed_logins_in_a_window_that_does_not_slide(
    client, redis_client, redis_prefix
):
    key = Keyspace(redis_prefix).login_failures("ada", "127.0.0.1")
    for n in range(1, MAX_ATTEMPTS + 1):
        assert_problem(await client.post("/auth/login", json=WRONG), 401)
        assert await redis_client.get(key) == str(n)  # a string holding an integer
    assert 0 < await redis_client.ttl(key) <= WINDOW_S

    # The window started at the first failure; later attempts do not push it back.
    await redis_client.expire(key, 30)
    r = await client.post("/auth/login", json=ADA)  # even the right password, now
    body = assert_problem(r, 429)
    assert body["type"] == "/problems/too-many-login-attempts"
    assert 0 < int(r.headers["retry-after"]) <= 30
    assert 0 < await redis_client.ttl(key) <= 30
    # The other design shares the brake; another user is not affected.
    assert_problem(await client.post("/sessions/login", json=ADA), 429)
    assert (await client.post("/auth/login", json=GRACE)).status_code == 200

    # When the window expires (simulated with DEL), ada may log in again.
    await redis_client.delete(key)
    assert (await client.post("/auth/login", json=ADA)).status_code == 200


async def test_a_correct_password_ends_the_window(client, redis_client, redis_prefix):
    key = Keyspace(redis_prefix).login_failures("ada", "127.0.0.1")
    for _ in range(MAX_ATTEMPTS - 1):
        await client.post("/auth/login", json=WRONG)
    assert await redis_client.get(key) == str(MAX_ATTEMPTS - 1)
    await login(client)
    assert await redis_client.exists(key) == 0  # DEL: a fresh five next time


async def test_a_session_is_a_hash_written_with_its_ttl_in_one_transaction(
    client, redis_client, redis_prefix
):
    before = int(time.time())
    await session_login(client)
    (key,) = await keys_under(redis_client, redis_prefix)
    fields = await redis_client.hgetall(key)
    assert fields["user"] == "ada" and fields["name"] == "Ada Lovelace"
    assert before <= int(fields["created_at"]) <= time.time()
    assert 1790 < await redis_client.ttl(key) <= 1800
