"""Refresh tokens are stored as SHA-256 hashes only, indexed, and expire in code as well."""

from __future__ import annotations

import logging

import bson
import pytest
from pymongo.errors import DuplicateKeyError

from day21_refresh_tokens.refresh_tokens import token_hash

from .conftest import GRACE, assert_refused, bearer, login, refresh, travel


async def test_the_raw_token_never_reaches_the_database_or_the_logs(client, tokens, caplog):
    caplog.set_level(logging.DEBUG)
    issued = []
    for who in (None, GRACE):
        pair = await login(client, who)
        issued.append(pair["refresh_token"])
        for _ in range(2):
            pair = (await refresh(client, pair["refresh_token"])).json()
            issued.append(pair["refresh_token"])
    await client.post("/auth/logout", json={"refresh_token": issued[-1]}, headers=bearer(pair))
    await refresh(client, issued[0])  # a reuse: logged as a warning

    docs = await tokens.find({}).to_list(None)
    assert sorted(doc["hash"] for doc in docs) == sorted(token_hash(t) for t in issued)
    for doc in docs:
        stored = bson.encode(doc)  # every field, in the bytes the database holds
        for token in issued:
            assert token.encode() not in stored
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "reuse" in logged
    assert not any(token in logged for token in issued)


async def test_the_collection_has_its_indexes(client, tokens):
    indexes = {
        tuple(k for k, _ in spec["key"]): spec
        for spec in (await tokens.index_information()).values()
    }
    assert indexes[("hash",)].get("unique") is True
    assert ("family",) in indexes and ("user",) in indexes
    assert indexes[("expires_at",)]["expireAfterSeconds"] == 0

    pair = await login(client)
    stored = await tokens.find_one({"hash": token_hash(pair["refresh_token"])})
    duplicate = {key: value for key, value in stored.items() if key != "_id"}
    with pytest.raises(DuplicateKeyError):  # one token can never be stored twice
        await tokens.insert_one(duplicate)


async def test_expiry_is_enforced_by_the_code_not_only_by_the_ttl_index(client, app, tokens):
    pair = await login(client)
    travel(app, days=30, seconds=1)
    # The TTL monitor has not run (it runs on real time, about once a minute, if at all)...
    assert await tokens.count_documents({"hash": token_hash(pair["refresh_token"])}) == 1
    # ...and the token is refused anyway.
    assert_refused(await refresh(client, pair["refresh_token"]), "expired")
    assert (await client.get("/auth/sessions", headers=bearer(pair))).json() == []


async def test_rotation_never_extends_the_session_past_its_login(client, app, tokens):
    pair = await login(client)
    first = await tokens.find_one({"hash": token_hash(pair["refresh_token"])})
    travel(app, days=29)
    later = (await refresh(client, pair["refresh_token"])).json()
    assert 0 < later["refresh_expires_in"] <= 24 * 3600  # what is left of the 30 days
    second = await tokens.find_one({"hash": token_hash(later["refresh_token"])})
    assert second["expires_at"] == first["expires_at"]
    travel(app, days=30, seconds=1)
    assert_refused(await refresh(client, later["refresh_token"]), "expired")
