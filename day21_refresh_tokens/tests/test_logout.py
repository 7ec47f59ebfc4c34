"""Logout of one device vs all devices — and the access tokens that outlive both."""

from __future__ import annotations

import time

from shared.tokens import issue

from .conftest import ACCESS_PROBLEM, GRACE, assert_refused, bearer, login, refresh


async def devices(client, pair) -> list[str]:
    return [s["device"] for s in (await client.get("/auth/sessions", headers=bearer(pair))).json()]


async def test_logout_ends_this_device_only(client, tokens):
    laptop = await login(client, device="laptop")
    phone = await login(client, device="phone")
    laptop = (await refresh(client, laptop["refresh_token"])).json()  # a family of two tokens
    assert await devices(client, phone) == ["laptop", "phone"]

    r = await client.post(
        "/auth/logout", json={"refresh_token": laptop["refresh_token"]}, headers=bearer(laptop)
    )
    assert r.status_code == 200 and r.json() == {"tokens_revoked": 2}
    assert_refused(await refresh(client, laptop["refresh_token"]), "revoked")
    assert await devices(client, phone) == ["phone"]
    assert (await refresh(client, phone["refresh_token"])).status_code == 200
    revoked = await tokens.find({"family": laptop["session_id"]}).to_list(None)
    assert {doc["revoked_reason"] for doc in revoked} == {"logout"}

    # Logging out twice is harmless: nothing left to revoke.
    again = await client.post(
        "/auth/logout", json={"refresh_token": laptop["refresh_token"]}, headers=bearer(phone)
    )
    assert again.json() == {"tokens_revoked": 0}


async def test_logout_all_ends_every_session_of_that_user_only(client):
    laptop = await login(client, device="laptop")
    phone = await login(client, device="phone")
    grace = await login(client, GRACE, device="terminal")

    r = await client.post("/auth/logout-all", headers=bearer(phone))
    assert r.status_code == 200 and r.json() == {"tokens_revoked": 2}
    for pair in (laptop, phone):
        assert_refused(await refresh(client, pair["refresh_token"]), "revoked")
    assert await devices(client, grace) == ["terminal"]
    assert (await refresh(client, grace["refresh_token"])).status_code == 200


async def test_an_access_token_outlives_its_session_until_it_expires(client, app):
    pair = await login(client)
    await client.post("/auth/logout-all", headers=bearer(pair))
    # Nothing stores access tokens, so nothing can revoke them: /me still answers...
    assert (await client.get("/me", headers=bearer(pair))).status_code == 200
    # ...until exp. The same token five minutes (and the 10 s leeway) later:
    expired = issue(
        app.state.keys,
        app.state.policy,
        "ada",
        claims={"sid": pair["session_id"]},
        now=time.time() - app.state.policy.lifetime_s - app.state.policy.leeway_s - 1,
    )
    assert_refused(
        await client.get("/me", headers=bearer(expired.token)), "expired", ACCESS_PROBLEM
    )
