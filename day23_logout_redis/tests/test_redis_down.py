"""Redis goes down mid-flight: the denylist fails closed, logout never pretends, 503 everywhere.

The lesson runs on a private redis-server of this test's own, which the test kills — the
session's shared Redis is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from course.net import free_port
from day23_logout_redis.app import create_app
from day23_logout_redis.denylist import revoke
from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.redis_down import CLIENT_OPTIONS, RedisDown
from day23_logout_redis.sessions import SessionStore, new_session_id
from shared.backends import BackendUnavailable
from shared.redis import RedisServer, open_redis
from shared.tokens import KeyRing, TokenPolicy, issue

from .conftest import (
    ADA,
    CSRF,
    assert_problem,
    assert_refused,
    bearer,
    browser,
    login,
    redis_url_set_to,
)

REDIS_DOWN = "/problems/redis-unavailable"


@pytest.fixture
def private_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[RedisServer]:
    with RedisServer() as server, redis_url_set_to(monkeypatch, server.url):
        yield server


def assert_down(r) -> dict:
    body = assert_problem(r, 503)
    assert body["type"] == REDIS_DOWN and body["backend"] == "redis", body
    assert r.headers["retry-after"] == "5"
    return body


# A guard against hanging (redis-py's default retries with backoff would take ~14 s here),
# not a benchmark.
@pytest.mark.timeout(10)
async def test_redis_down_fails_closed_and_logout_never_pretends(private_redis):
    app = create_app()
    async with browser(app) as client:
        logged_out = await login(client)
        assert (await client.post("/auth/logout", headers=bearer(logged_out))).status_code == 200
        fresh = await login(client)
        assert (await client.post("/sessions/login", json=ADA)).status_code == 200
        assert (await client.get("/ready")).status_code == 200

        private_redis.stop()  # Redis dies; the app keeps running

        # Fail closed: the logged-out token must not come back — and no token can be checked.
        body = assert_down(await client.get("/me", headers=bearer(logged_out)))
        assert "fail closed" in body["detail"]
        assert_down(await client.get("/me", headers=bearer(fresh)))
        # Logout cannot check (or store) the jti: a 503, never a 200.
        assert_down(await client.post("/auth/logout", headers=bearer(fresh)))
        # Sessions *are* the Redis data: nothing to fall back on.
        assert_down(await client.get("/sessions/me"))
        r = await client.post("/sessions/logout", headers=CSRF)
        assert_down(r)
        assert "set-cookie" not in r.headers  # the cookie is kept: the session was not ended
        # No new logins either: the failed-login brake cannot count.
        assert_down(await client.post("/auth/login", json=ADA))
        assert_down(await client.post("/sessions/login", json=ADA))

        # The process is alive; it is not ready.
        assert (await client.get("/health")).status_code == 200
        assert_problem(await client.get("/ready"), 503)
        # Tokens that fail the signature check never needed Redis: still a plain 401.
        assert_refused(await client.get("/me", headers=bearer("a.b.c")), "malformed")


async def test_a_configured_redis_that_is_down_stops_the_start(monkeypatch):
    """No quiet switch to an empty Redis (whose empty denylist would forget every logout)."""
    url = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens here
    with redis_url_set_to(monkeypatch, url):
        app = create_app()
        with pytest.raises(BackendUnavailable, match="127.0.0.1"):
            async with app.router.lifespan_context(app):
                pass


async def test_a_logout_whose_write_fails_says_it_did_not_happen(private_redis, ring: KeyRing):
    """Redis dies between the denylist check and the SET: the answer is 503 'NOT logged out'."""
    async with open_redis(**CLIENT_OPTIONS) as redis:
        claims = issue(ring, TokenPolicy(), "ada").claims
        private_redis.stop()
        with pytest.raises(RedisDown, match="NOT logged out"):
            await revoke(redis, Keyspace("t:"), claims, leeway_s=10)
        store = SessionStore(redis, Keyspace("t:"))
        with pytest.raises(RedisDown, match="NOT logged out"):
            await store.destroy(new_session_id())
