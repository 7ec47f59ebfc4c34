"""Rotation: each refresh uses up its token in one atomic step, so a race has one winner."""

from __future__ import annotations

import asyncio

import pytest

from day21_refresh_tokens.refresh_tokens import token_hash
from day21_refresh_tokens.rotation import Sessions

from .conftest import assert_refused, login, refresh


async def test_every_refresh_rotates_the_token_and_links_the_chain(client, tokens):
    pair = await login(client)
    chain = [pair["refresh_token"]]
    for _ in range(3):
        r = await refresh(client, chain[-1])
        assert r.status_code == 200
        assert r.json()["session_id"] == pair["session_id"]
        chain.append(r.json()["refresh_token"])
    assert len(set(chain)) == 4

    docs = [await tokens.find_one({"hash": token_hash(t)}) for t in chain]
    assert docs[0]["parent"] is None
    for parent, child in zip(docs, docs[1:], strict=False):
        assert child["parent"] == parent["_id"] and parent["replaced_by"] == child["_id"]
        assert parent["used_at"] is not None and parent["revoked_at"] is None
    assert docs[-1]["used_at"] is None  # exactly one live head per family
    assert {d["family"] for d in docs} == {pair["session_id"]}


async def test_without_the_filter_both_would_win(client, monkeypatch):
    """The check-then-act bug: read 'unused', then update by id. Both requests pass.

    (The lesson's own ``_consume`` under the same interleaving: test_attacks.py,
    ``test_concurrent_double_refresh``.)"""
    barrier = asyncio.Barrier(2)

    async def naive(self, token_id, successor, now):
        await asyncio.wait_for(barrier.wait(), 5)
        await self.tokens.update_one({"_id": token_id}, {"$set": {"used_at": now}})
        return True

    monkeypatch.setattr(Sessions, "_consume", naive)
    token = (await login(client))["refresh_token"]
    results = await asyncio.gather(refresh(client, token), refresh(client, token))
    assert [r.status_code for r in results] == [200, 200]  # one token, two sessions: the bug


@pytest.mark.parametrize("copies", [2, 5])
async def test_a_burst_of_refreshes_has_exactly_one_winner(client, tokens, copies):
    pair = await login(client)
    results = await asyncio.gather(*(refresh(client, pair["refresh_token"]) for _ in range(copies)))
    assert sorted(r.status_code for r in results) == [200] + [401] * (copies - 1)
    # The losers count as reuse: the family is revoked, the winner's new token included...
    winner = next(r for r in results if r.status_code == 200).json()
    assert_refused(await refresh(client, winner["refresh_token"]), "revoked")
    # ...and no loser left a successor behind: the family is the parent and one child.
    assert await tokens.count_documents({"family": pair["session_id"]}) == 2
