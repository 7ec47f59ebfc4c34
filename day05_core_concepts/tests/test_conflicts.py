"""409 and 412: two different "no"s. 409 — the note's state forbids this; 412 — your copy is stale."""

from __future__ import annotations

from day05_core_concepts.tests.helpers import make, stored


async def test_deleting_a_pinned_note_is_409_until_unpinned(client, app):
    note = await make(client, pinned=True)
    refused = await client.delete(f"/notes/{note['id']}")
    assert refused.status_code == 409
    assert "unpin" in refused.json()["detail"]
    assert len(await stored(app)) == 1  # refused means untouched
    # The client can resolve the conflict and retry: that is what makes it a 409.
    await client.patch(f"/notes/{note['id']}", json={"pinned": False})
    assert (await client.delete(f"/notes/{note['id']}")).status_code == 204


async def test_if_match_stops_a_lost_update_with_412(client, app):
    note = await make(client)
    url = f"/notes/{note['id']}"
    etag = (await client.get(url)).headers["etag"]
    # Someone else edits the note after we read it...
    await client.patch(url, json={"body": "their edit"})
    before = await stored(app)
    # ...so our PUT/PATCH/DELETE, made against the old version, is refused instead of winning.
    for method, body in (
        ("PUT", {"title": "mine"}),
        ("PATCH", {"title": "mine"}),
        ("DELETE", None),
    ):
        response = await client.request(method, url, json=body, headers={"If-Match": etag})
        assert response.status_code == 412, method
    assert await stored(app) == before
    assert (await client.get(url)).json()["body"] == "their edit"


async def test_if_match_with_the_current_etag_succeeds(client):
    note = await make(client)
    url = f"/notes/{note['id']}"
    etag = (await client.get(url)).headers["etag"]
    updated = await client.put(url, json={"title": "mine"}, headers={"If-Match": etag})
    assert updated.status_code == 200
    assert updated.headers["etag"] == '"2"'
    # A list of tags matches if any does; "*" means "whatever version exists".
    assert (
        await client.patch(url, json={"body": "b"}, headers={"If-Match": '"9", "2"'})
    ).status_code == 200
    assert (await client.delete(url, headers={"If-Match": "*"})).status_code == 204


async def test_weak_or_garbage_etags_never_match(client, app):
    note = await make(client)
    url = f"/notes/{note['id']}"
    for value in ('W/"1"', "1", "nonsense"):
        response = await client.put(url, json={"title": "x"}, headers={"If-Match": value})
        assert response.status_code == 412, value
    assert (await stored(app))[0].title == "milk"
