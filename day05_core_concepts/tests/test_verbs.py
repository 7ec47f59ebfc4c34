"""REST: one resource (/notes), five verbs, and the status and headers each success answers with."""

from __future__ import annotations

from fastapi import FastAPI

from day05_core_concepts.app import create_app
from day05_core_concepts.tests.helpers import make, stored


async def test_post_creates_201_with_location_and_etag(client, app):
    response = await client.post("/notes", json={"title": "  milk  ", "body": "2 litres"})
    assert response.status_code == 201
    note = response.json()
    assert note == {"id": 1, "title": "milk", "body": "2 litres", "pinned": False, "version": 1}
    assert response.headers["location"] == "http://test/notes/1"
    assert response.headers["etag"] == '"1"'
    # The Location really is where the new note lives.
    assert (await client.get(response.headers["location"])).json() == note
    assert len(await stored(app)) == 1


async def test_get_one_200_and_missing_404(client):
    note = await make(client)
    response = await client.get(f"/notes/{note['id']}")
    assert response.status_code == 200
    assert response.json() == note
    assert response.headers["etag"] == '"1"'
    missing = await client.get("/notes/999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no note with id 999"}


async def test_list_is_paged_and_bounded(client):
    for i in range(5):
        await make(client, title=f"note {i}")
    page = (await client.get("/notes", params={"limit": 2, "offset": 1})).json()
    assert [n["title"] for n in page["items"]] == ["note 1", "note 2"]
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)
    assert (await client.get("/notes")).json()["limit"] == 20  # a default, never "everything"
    too_far = {"offset": 10**30}  # found by the course's fuzzer: once a 500, now a 422
    for bad in ({"limit": 101}, {"limit": 0}, {"offset": -1}, {"limit": "ten"}, too_far):
        assert (await client.get("/notes", params=bad)).status_code == 422, bad


async def test_put_replaces_the_whole_note(client):
    note = await make(client, body="2 litres", pinned=True)
    response = await client.put(f"/notes/{note['id']}", json={"title": "oat milk"})
    assert response.status_code == 200
    # Fields left out of a PUT take their defaults: the body is gone, the pin is off.
    assert response.json() == {
        "id": note["id"],
        "title": "oat milk",
        "body": "",
        "pinned": False,
        "version": 2,
    }
    assert response.headers["etag"] == '"2"'


async def test_patch_changes_only_the_fields_sent(client):
    note = await make(client, body="2 litres", pinned=True)
    response = await client.patch(f"/notes/{note['id']}", json={"title": "oat milk"})
    assert response.status_code == 200
    assert response.json() == {**note, "title": "oat milk", "version": 2}


async def test_put_and_patch_on_a_missing_note_are_404(client, app):
    assert (await client.put("/notes/7", json={"title": "x"})).status_code == 404
    assert (await client.patch("/notes/7", json={"title": "x"})).status_code == 404
    assert await stored(app) == []  # PUT here never creates: ids are the server's to choose


async def test_delete_204_with_no_body(client, app):
    note = await make(client)
    response = await client.delete(f"/notes/{note['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert await stored(app) == []
    assert (await client.get(f"/notes/{note['id']}")).status_code == 404


async def test_wrong_verb_is_405_and_allow_lists_every_method(client):
    collection = await client.put("/notes", json={"title": "x"})
    assert collection.status_code == 405
    # Starlette alone would say "GET" only: the first route that matched the path.
    assert collection.headers["allow"] == "GET, POST"
    item = await client.post("/notes/1", json={"title": "x"})
    assert item.status_code == 405
    assert item.headers["allow"] == "DELETE, GET, PATCH, PUT"


async def test_health_and_home(client):
    assert (await client.get("/health")).json() == {"status": "ok", "day": 5}
    home = await client.get("/")
    assert home.status_code == 307
    assert home.headers["location"] == "/docs"


async def test_links_keep_the_prefix_when_mounted(client_for):
    # `python -m course serve` mounts every lesson under /dayNN: links must include the prefix.
    parent = FastAPI()
    parent.mount("/day05", create_app())
    async with client_for(parent) as client:
        created = await client.post("/day05/notes", json={"title": "milk"})
        assert created.headers["location"] == "http://test/day05/notes/1"
        assert (await client.get("/day05/")).headers["location"] == "/day05/docs"
        assert (await client.put("/day05/notes")).headers["allow"] == "GET, POST"
