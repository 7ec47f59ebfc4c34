"""Reuse detection (RFC 9700 §4.14.2): a second use of a refresh token ends its whole family."""

from __future__ import annotations

import re

from day21_refresh_tokens import demo

from .conftest import assert_refused, bearer, login, refresh


async def test_theft_then_the_user_refreshes_first(client, tokens):
    laptop = await login(client, device="laptop")
    phone = await login(client, device="phone")  # another session of hers, not involved
    stolen = laptop["refresh_token"]  # the thief copies it

    user = await refresh(client, stolen)  # her app rotates as usual
    assert user.status_code == 200
    body = assert_refused(await refresh(client, stolen), "reused")  # the thief tries it
    assert "log in again" in body["detail"]

    # The whole family is gone: the thief's token, and her successor as well.
    assert_refused(await refresh(client, user.json()["refresh_token"]), "revoked")
    family = await tokens.find({"family": laptop["session_id"]}).to_list(None)
    assert len(family) == 2
    assert {doc["revoked_reason"] for doc in family} == {"reuse-detected"}

    # Her other device is untouched; her laptop is no longer a session.
    sessions = (await client.get("/auth/sessions", headers=bearer(phone))).json()
    assert [s["device"] for s in sessions] == ["phone"]
    assert (await refresh(client, phone["refresh_token"])).status_code == 200
    # She logs in again with her password — which the thief does not have.
    assert (await login(client, device="laptop"))["session_id"] != laptop["session_id"]


async def test_theft_then_the_thief_refreshes_first(client):
    pair = await login(client)
    stolen = pair["refresh_token"]

    thief = await refresh(client, stolen)
    assert thief.status_code == 200  # a thief who is quick gets one access token...
    assert_refused(await refresh(client, stolen), "reused")  # ...until the user's app refreshes
    loot = thief.json()
    assert_refused(await refresh(client, loot["refresh_token"]), "revoked")
    # What he keeps: the access token, until it expires (at most five minutes, see test_logout).
    assert (await client.get("/me", headers=bearer(loot))).status_code == 200


async def test_a_reuse_deep_in_the_chain_revokes_every_descendant(client, tokens):
    pair = await login(client)
    chain = [pair["refresh_token"]]
    for _ in range(4):
        chain.append((await refresh(client, chain[-1])).json()["refresh_token"])
    assert_refused(await refresh(client, chain[1]), "reused")
    for token in chain:
        assert_refused(await refresh(client, token), "revoked")
    assert await tokens.count_documents({"family": pair["session_id"], "revoked_at": None}) == 0


def test_the_demo_tells_both_stories_and_the_thief_keeps_nothing(capsys):
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    outcomes = re.findall(r"(ada|thief) .*→ (\d{3}) (\S+)", out)
    assert ("thief", "401", "reused") in outcomes and ("ada", "401", "reused") in outcomes
    assert outcomes[-1] == ("thief", "401", "revoked")
