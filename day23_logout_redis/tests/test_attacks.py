"""Every attack in the README's "Break it" table, tried and refused.

Each refusal is checked for its *reason* (or problem type), so a test proves the check it is
named after did the refusing, and for what it left in Redis: an attack writes nothing.
"""

from __future__ import annotations

import base64
import json
import secrets

import pytest

from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.sessions import id_hash
from shared.tokens import sign

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


def with_payload(token: str, **changes: object) -> str:
    """The token with claims changed in its payload and its signature kept (a tamper)."""
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    raw = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{raw}.{signature}"


# --- stateless tokens ---------------------------------------------------------------------------


async def test_replaying_a_logged_out_token_is_refused(client, redis_client, redis_prefix):
    pair = await login(client)
    await client.post("/auth/logout", headers=bearer(pair))
    key = Keyspace(redis_prefix).denylist(pair["jti"])
    ttl_before = await redis_client.pttl(key)
    for _ in range(3):
        assert_refused(await client.get("/me", headers=bearer(pair)), "revoked")
    # Logging out again is refused too, and cannot push the entry's expiry back.
    assert_refused(await client.post("/auth/logout", headers=bearer(pair)), "revoked")
    assert 0 < await redis_client.pttl(key) <= ttl_before


async def test_a_token_logged_out_on_another_instance_is_refused(make_app):
    """Two app processes share one Redis: a logout on one holds on the other at once."""
    a, b = make_app(), make_app()
    async with browser(a) as on_a, browser(b) as on_b:
        pair = await login(on_a)
        assert (await on_b.get("/me", headers=bearer(pair))).status_code == 200
        assert (await on_a.post("/auth/logout", headers=bearer(pair))).status_code == 200
        assert_refused(await on_b.get("/me", headers=bearer(pair)), "revoked")


async def test_a_forged_jti_breaks_the_signature(client, redis_client, redis_prefix):
    """Changing a logged-out token's jti to dodge the denylist: the signature no longer fits."""
    pair = await login(client)
    await client.post("/auth/logout", headers=bearer(pair))
    before = await keys_under(redis_client, redis_prefix)
    for jti in (secrets.token_hex(16), "*", f"{pair['jti']}:x"):
        forged = with_payload(pair["access_token"], jti=jti)
        assert_refused(await client.get("/me", headers=bearer(forged)), "bad-signature")
        assert_refused(await client.post("/auth/logout", headers=bearer(forged)), "bad-signature")
    assert await keys_under(redis_client, redis_prefix) == before


@pytest.mark.parametrize("jti", ["*", "x", "day23:session:abc", "A" * 32, "0" * 33, 42])
async def test_a_signed_token_with_a_foreign_jti_never_reaches_redis(
    app, client, redis_client, redis_prefix, jti
):
    """Even with a valid signature (another service sharing our key, say), a jti that is
    not one we issue is refused before it becomes part of a Redis key."""
    pair = await login(client)
    claims = json.loads(
        base64.urlsafe_b64decode(pair["access_token"].split(".")[1] + "==").decode()
    )
    token = sign(app.state.keys, {**claims, "jti": jti}, kid="ed25519-1")
    expected = "malformed" if isinstance(jti, str) else "invalid-claims"
    assert_refused(await client.get("/me", headers=bearer(token)), expected)
    assert_refused(await client.post("/auth/logout", headers=bearer(token)), expected)
    assert await keys_under(redis_client, redis_prefix) == []


async def test_alg_none_with_a_fresh_jti_is_refused(client):
    pair = await login(client)
    await client.post("/auth/logout", headers=bearer(pair))
    head = base64.urlsafe_b64encode(b'{"alg":"none","kid":"ed25519-1","typ":"at+jwt"}')
    forged = with_payload(pair["access_token"], jti=secrets.token_hex(16))
    unsigned = f"{head.rstrip(b'=').decode()}.{forged.split('.')[1]}."
    assert_refused(await client.get("/me", headers=bearer(unsigned)), "alg-not-allowed")


# --- server-side sessions -----------------------------------------------------------------------


async def test_session_fixation_login_always_issues_a_new_id(make_app, redis_client, redis_prefix):
    """Mallory plants her own session id in Ada's browser; Ada logs in with it."""
    app = make_app()
    async with browser(app) as mallory, browser(app) as victim:
        planted = await session_login(mallory, GRACE)
        victim.cookies.set("__Host-session", planted, domain="day23.test")

        r = await victim.post("/sessions/login", json=ADA)
        assert r.status_code == 200
        issued = r.cookies["__Host-session"]
        assert issued != planted
        assert (await victim.get("/sessions/me")).json()["username"] == "ada"
        # The planted id was not promoted to Ada's session: it was deleted outright.
        assert_problem(await mallory.get("/sessions/me", headers=cookie(planted)), 401)
        keys = await keys_under(redis_client, redis_prefix)
        assert keys == [Keyspace(redis_prefix).session(id_hash(issued))]


async def test_a_planted_id_that_never_existed_is_not_adopted(client, redis_client, redis_prefix):
    planted = secrets.token_urlsafe(32)
    r = await client.post("/sessions/login", json=ADA, headers=cookie(planted))
    assert r.cookies["__Host-session"] != planted
    assert_problem(await client.get("/sessions/me", headers=cookie(planted)), 401)
    session_key = Keyspace(redis_prefix).session(id_hash(planted))
    assert await redis_client.exists(session_key) == 0


async def test_a_stolen_session_id_is_worthless_after_logout(make_app, redis_client, redis_prefix):
    app = make_app()
    async with browser(app) as ada, browser(app) as thief:
        session_id = await session_login(ada)
        stolen = cookie(session_id)
        assert (await thief.get("/sessions/me", headers=stolen)).json()["username"] == "ada"

        assert (await ada.post("/sessions/logout", headers=CSRF)).status_code == 204
        body = assert_problem(await thief.get("/sessions/me", headers=stolen), 401)
        assert body["type"] == "/problems/invalid-session"
        assert_problem(await thief.post("/sessions/logout", headers={**stolen, **CSRF}), 401)
        assert await keys_under(redis_client, redis_prefix) == []


@pytest.mark.parametrize(
    "value",
    [
        # ids, not values, name the cases: a random value in a test id would differ between
        # pytest-xdist workers, which then refuse to run the suite
        pytest.param(secrets.token_urlsafe(32), id="a guess of the right shape"),
        pytest.param("a" * 44, id="too long"),
        pytest.param("a" * 42 + "*", id="a wildcard"),
        pytest.param("../../etc/passwd", id="a path"),
    ],
)
async def test_guessed_and_malformed_session_ids_are_refused(
    client, redis_client, redis_prefix, value
):
    await session_login(client)
    before = await keys_under(redis_client, redis_prefix)
    body = assert_problem(await client.get("/sessions/me", headers=cookie(value)), 401)
    assert body["type"] == "/problems/invalid-session"
    assert await keys_under(redis_client, redis_prefix) == before


async def test_a_leaked_key_is_not_a_session_id(client, redis_client, redis_prefix):
    """Someone reads the keyspace: what they find (sha256 of the id) opens nothing."""
    await session_login(client)
    (key,) = await keys_under(redis_client, redis_prefix)
    digest = key.rsplit(":", 1)[1]
    for value in (digest, digest[:43]):
        assert_problem(await client.get("/sessions/me", headers=cookie(value)), 401)


async def test_cross_site_logout_without_the_csrf_header_is_refused(client):
    await session_login(client)
    body = assert_problem(await client.post("/sessions/logout"), 403)
    assert body["type"] == "/problems/csrf"
    assert (await client.get("/sessions/me")).status_code == 200
