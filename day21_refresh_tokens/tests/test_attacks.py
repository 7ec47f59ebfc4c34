"""Every attack the README names, tried against the running lesson, and refused.

One test per row of the README's "Break it" table, in the same order.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets

import pytest

from day21_refresh_tokens.refresh_tokens import token_hash

from .conftest import (
    ACCESS_PROBLEM,
    GRACE,
    assert_problem,
    assert_refused,
    bearer,
    hold_at_the_atomic_step,
    login,
    refresh,
    snapshot,
    travel,
)


async def test_reused_refresh_token(client, tokens):
    pair = await login(client)
    successor = (await refresh(client, pair["refresh_token"])).json()
    assert_refused(await refresh(client, pair["refresh_token"]), "reused")
    assert await tokens.count_documents({"family": pair["session_id"], "revoked_at": None}) == 0
    assert_refused(await refresh(client, successor["refresh_token"]), "revoked")


async def test_refresh_token_from_a_revoked_family(client):
    pair = await login(client)
    await client.post(
        "/auth/logout", json={"refresh_token": pair["refresh_token"]}, headers=bearer(pair)
    )
    assert_refused(await refresh(client, pair["refresh_token"]), "revoked")


async def test_expired_refresh_token(client, app):
    pair = await login(client)
    travel(app, days=31)
    assert_refused(await refresh(client, pair["refresh_token"]), "expired")


async def test_forged_refresh_token(client, tokens):
    await login(client)
    before = await snapshot(tokens)
    # Right shape, 256 random bits of its own: guessing a live one is hopeless.
    assert_refused(await refresh(client, secrets.token_urlsafe(32)), "unknown")
    assert await snapshot(tokens) == before


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 42, "a" * 44, "+" * 43, "a b" + "c" * 40, "Bearer " + "a" * 36, "€" * 43],
)
async def test_malformed_refresh_token(client, token):
    assert_refused(await refresh(client, token), "malformed")


async def test_leaked_database_hash_presented_as_a_token(client, tokens):
    pair = await login(client)
    stored = await tokens.find_one({"family": pair["session_id"]})
    assert stored["hash"] == token_hash(pair["refresh_token"])
    assert_refused(await refresh(client, stored["hash"]), "malformed")
    # Even a hash that happened to have the token's shape would be hashed again and not found.
    assert_refused(await refresh(client, stored["hash"][:43]), "unknown")


async def test_access_token_used_as_a_refresh_token(client):
    pair = await login(client)
    assert_refused(await refresh(client, pair["access_token"]), "wrong-type")


async def test_refresh_token_used_as_an_access_token(client):
    pair = await login(client)
    r = await client.get("/me", headers=bearer(pair["refresh_token"]))
    assert_refused(r, "malformed", ACCESS_PROBLEM)


async def test_another_users_refresh_token_to_log_them_out(client, tokens):
    ada = await login(client)
    grace = await login(client, GRACE, device="terminal")
    before = await snapshot(tokens)
    r = await client.post(
        "/auth/logout", json={"refresh_token": grace["refresh_token"]}, headers=bearer(ada)
    )
    body = assert_problem(r, 403)
    assert body["type"] == "/problems/not-your-session"
    assert await snapshot(tokens) == before  # nothing revoked
    assert (await refresh(client, grace["refresh_token"])).status_code == 200


async def test_tampered_access_token(client):
    pair = await login(client)
    head, payload, signature = pair["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "sub": "grace"}).encode()).rstrip(b"=")
    token = f"{head}.{forged.decode()}.{signature}"
    assert_refused(await client.get("/me", headers=bearer(token)), "bad-signature", ACCESS_PROBLEM)
    r = await client.post("/auth/logout-all", headers=bearer(token))
    assert_refused(r, "bad-signature", ACCESS_PROBLEM)


async def test_concurrent_double_refresh(client, tokens, monkeypatch):
    """Both requests pass the read before either writes: the atomic filter alone decides."""
    hold_at_the_atomic_step(monkeypatch)
    pair = await login(client)
    results = await asyncio.gather(*(refresh(client, pair["refresh_token"]) for _ in range(2)))
    assert sorted(r.status_code for r in results) == [200, 401]
    assert_refused(next(r for r in results if r.status_code == 401), "reused")
    # The loser deleted the successor it had prepared: one parent, one child.
    assert await tokens.count_documents({"family": pair["session_id"]}) == 2
