"""Logout with stateless tokens: the jti on a Redis denylist, for exactly the token's remaining life."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from day23_logout_redis.denylist import MIN_TTL_MS, remaining_life_ms
from day23_logout_redis.keyspace import Keyspace
from shared.tokens import TokenSettings, issue

from .conftest import ADA, GRACE, assert_refused, bearer, browser, login


async def test_logout_puts_the_jti_on_the_denylist_and_the_token_stops_working(
    client, redis_client, redis_prefix
):
    pair = await login(client)
    me = await client.get("/me", headers=bearer(pair))
    assert me.status_code == 200 and me.json()["jti"] == pair["jti"]
    assert await redis_client.exists(Keyspace(redis_prefix).denylist(pair["jti"])) == 0

    r = await client.post("/auth/logout", headers=bearer(pair))
    assert r.status_code == 200, r.text
    assert r.json()["jti"] == pair["jti"] and r.json()["already_logged_out"] is False
    # One string per token; its value says whose token it was.
    assert await redis_client.get(Keyspace(redis_prefix).denylist(pair["jti"])) == "ada"

    assert_refused(await client.get("/me", headers=bearer(pair)), "revoked")


async def test_the_denylist_is_per_token_not_per_user(client):
    laptop, phone, grace = await login(client), await login(client), await login(client, GRACE)
    assert (await client.post("/auth/logout", headers=bearer(laptop))).status_code == 200
    assert_refused(await client.get("/me", headers=bearer(laptop)), "revoked")
    for other in (phone, grace):
        assert (await client.get("/me", headers=bearer(other))).status_code == 200


async def test_login_stores_nothing_about_the_token(client, redis_client, redis_prefix):
    """Stateless: issuing a token writes no key (the failed-login counter is deleted, too)."""
    await login(client)
    assert [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")] == []


async def test_the_ttl_is_the_tokens_remaining_life_leeway_included(
    client, app, redis_client, redis_prefix
):
    pair = await login(client)
    exp = (await client.get("/me", headers=bearer(pair))).json()["expires_at"]
    # Remaining life is measured just *before* logout: the TTL the app computes can only be
    # shorter, and Redis counts it down from there.
    before = time.time()
    r = await client.post("/auth/logout", headers=bearer(pair))
    pttl = await redis_client.pttl(Keyspace(redis_prefix).denylist(pair["jti"]))
    leeway = app.state.policy.leeway_s
    assert leeway == 10
    # Never longer than the verifier could still accept the token ...
    assert 0 < pttl <= math.ceil((exp + leeway - before) * 1000)
    # ... and longer than exp alone: an entry gone at exp would reopen the leeway window.
    assert pttl > (exp - time.time()) * 1000
    assert r.json()["denylisted_for_ms"] >= pttl


async def test_without_leeway_the_ttl_is_exp_minus_now(make_app, redis_client, redis_prefix):
    app = make_app(token_settings=TokenSettings(leeway_s=0, access_ttl_s=60))
    async with browser(app) as client:
        pair = await login(client)
        exp = (await client.get("/me", headers=bearer(pair))).json()["expires_at"]
        before = time.time()
        await client.post("/auth/logout", headers=bearer(pair))
        pttl = await redis_client.pttl(Keyspace(redis_prefix).denylist(pair["jti"]))
        assert 0 < pttl <= math.ceil((exp - before) * 1000) <= 60_000


async def test_the_entry_is_gone_once_the_token_has_expired(make_app, redis_client, redis_prefix):
    """A token that expires in well under 2 s: its denylist entry goes with it, on time."""
    app = make_app(token_settings=TokenSettings(leeway_s=0))
    # exp is a whole second (PyJWT truncates it); at least 300 ms away so logout is in time.
    exp = math.ceil(time.time() + 0.3)
    token = issue(app.state.keys, app.state.policy, "ada", claims={"exp": exp}).token
    async with browser(app) as client:
        before = time.time()
        r = await client.post("/auth/logout", headers=bearer(token))
        assert r.status_code == 200, r.text
        key = Keyspace(redis_prefix).denylist(r.json()["jti"])
        pttl = await redis_client.pttl(key)
        assert 0 < pttl <= max(MIN_TTL_MS, math.ceil((exp - before) * 1000))
        assert_refused(await client.get("/me", headers=bearer(token)), "revoked")

        deadline = time.monotonic() + 3
        while await redis_client.exists(key):
            assert time.monotonic() < deadline, "the denylist entry outlived its token"
            await asyncio.sleep(0.02)
        # The entry is gone and the token is still refused: by its own exp now.
        assert_refused(await client.get("/me", headers=bearer(token)), "expired")


@pytest.mark.parametrize(
    ("exp", "leeway", "now", "expected"),
    [
        (1000, 0, 900, 100_000),  # plain remaining life
        (1000, 10, 900, 110_000),  # plus the leeway the verifier grants
        (1000, 0, 999.0004, 1000),  # 0.9996 s rounds *up* to 1000 ms
        (1000, 0, 999.5, MIN_TTL_MS),  # never shorter than the floor
        (1000, 10, 1005, 5000),  # past exp but inside the leeway: still accepted, still listed
    ],
)
def test_remaining_life(exp, leeway, now, expected):
    assert remaining_life_ms({"exp": exp}, leeway, now) == expected


async def test_logging_out_needs_a_valid_token(client, redis_client, redis_prefix):
    assert (await client.post("/auth/logout")).status_code == 401
    r = await client.post("/auth/logout", headers=bearer("not.a.token"))
    assert_refused(r, "malformed")
    assert [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")] == []


async def test_me_shows_who_the_token_is_for(client):
    pair = await login(client, ADA)
    assert (await client.get("/me", headers=bearer(pair))).json()["name"] == "Ada Lovelace"
