"""Idempotency: the state after N identical requests equals the state after one."""

from __future__ import annotations

import pytest

from day05_core_concepts.notes.repositories import KeyRecord
from day05_core_concepts.tests.helpers import make, stored


async def test_safe_methods_change_nothing(client, app):
    await make(client)
    before = await stored(app)
    for _ in range(3):
        await client.get("/notes")
        await client.get("/notes/1")
        await client.get("/lifecycle")
    assert await stored(app) == before


async def test_put_twice_leaves_the_same_state(client, app):
    note = await make(client)
    body = {"title": "oat milk", "body": "1 litre", "pinned": True}
    first = await client.put(f"/notes/{note['id']}", json=body)
    after_one = await stored(app)
    second = await client.put(f"/notes/{note['id']}", json=body)
    assert await stored(app) == after_one
    # Not even the version moves: a PUT that changes nothing is not a change.
    assert first.json() == second.json()
    assert first.headers["etag"] == second.headers["etag"] == '"2"'


async def test_patch_that_sets_fields_is_idempotent_too(client, app):
    note = await make(client)
    await client.patch(f"/notes/{note['id']}", json={"pinned": True})
    after_one = await stored(app)
    await client.patch(f"/notes/{note['id']}", json={"pinned": True})
    assert await stored(app) == after_one


async def test_delete_twice_same_state_second_answer_404(client, app):
    keep = await make(client, title="keep")
    gone = await make(client, title="gone")
    assert (await client.delete(f"/notes/{gone['id']}")).status_code == 204
    after_one = await stored(app)
    second = await client.delete(f"/notes/{gone['id']}")
    # Same effect (the note stays gone, nothing else touched), a truthful different answer.
    assert second.status_code == 404
    assert await stored(app) == after_one
    assert [n.id for n in after_one] == [keep["id"]]


async def test_post_without_a_key_is_not_idempotent(client, app):
    a = await client.post("/notes", json={"title": "milk"})
    b = await client.post("/notes", json={"title": "milk"})
    assert a.json()["id"] != b.json()["id"]
    assert len(await stored(app)) == 2  # a retried POST made a duplicate


@pytest.mark.parametrize("key", ["4f1c2a9e-order-17", '"4f1c2a9e-order-17"'])
async def test_idempotency_key_replays_the_first_result(client, app, key):
    headers = {"Idempotency-Key": key}
    first = await client.post("/notes", json={"title": "milk"}, headers=headers)
    # A retry after a lost response: same key, same note (other spacing is the same payload).
    retry = await client.post(
        "/notes",
        content=b'{ "title" : "milk" }',
        headers={**headers, "content-type": "application/json"},
    )
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["location"] == first.headers["location"]
    assert "idempotent-replayed" not in first.headers
    assert retry.headers["idempotent-replayed"] == "true"
    assert len(await stored(app)) == 1


async def test_quoted_and_bare_key_are_the_same_key(client, app):
    await client.post("/notes", json={"title": "milk"}, headers={"Idempotency-Key": "k1"})
    await client.post("/notes", json={"title": "milk"}, headers={"Idempotency-Key": '"k1"'})
    assert len(await stored(app)) == 1


async def test_key_reused_with_another_body_is_422_and_writes_nothing(client, app):
    headers = {"Idempotency-Key": "k-42"}
    await client.post("/notes", json={"title": "milk"}, headers=headers)
    before = await stored(app)
    response = await client.post("/notes", json={"title": "bread"}, headers=headers)
    assert response.status_code == 422
    [error] = response.json()["detail"]  # the same shape as every other 422
    assert error["loc"] == ["header", "Idempotency-Key"]
    assert "different request body" in error["msg"]
    assert await stored(app) == before


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, '"unbalanced', "ünïcode"])
async def test_malformed_key_is_400_and_writes_nothing(client, app, key):
    response = await client.post(
        "/notes", json={"title": "milk"}, headers={"Idempotency-Key": key.encode()}
    )
    assert response.status_code == 400
    assert await stored(app) == []


async def test_rejected_request_does_not_spend_its_key(client, app):
    headers = {"Idempotency-Key": "k-7"}
    bad = await client.post("/notes", json={"title": ""}, headers=headers)
    assert bad.status_code == 422
    good = await client.post("/notes", json={"title": "milk"}, headers=headers)
    assert good.status_code == 201
    assert "idempotent-replayed" not in good.headers


async def test_key_store_is_bounded(app):
    keys = app.state.service.keys
    keys.max_keys = 3
    note = await app.state.repository.add(title="t", body="", pinned=False)
    for i in range(5):
        await keys.put(f"k{i}", KeyRecord("f", note))
    kept = [i for i in range(5) if await keys.get(f"k{i}") is not None]
    assert kept == [2, 3, 4]  # the oldest keys are forgotten first
