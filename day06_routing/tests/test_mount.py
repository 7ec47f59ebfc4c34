"""/v0 is a separate app mounted under a prefix: its own routes, docs, and overrides."""

from __future__ import annotations

from day06_routing.dependencies import get_store
from day06_routing.store import Library


async def test_mounted_app_answers_under_its_prefix(client) -> None:
    answer = await client.get("/v0/books")
    assert answer.status_code == 200
    first = answer.json()[0]
    # The old shape: `name`, not `title`; the author's name, not an id.
    assert first == {"id": 1, "name": "A Wizard of Earthsea", "author": "Ursula K. Le Guin"}


async def test_mounted_app_shares_the_library(client) -> None:
    created = await client.post(
        "/books",
        json={
            "title": "SPQR II",
            "author_id": 3,
            "year": 2030,
            "genre": "history",
            "price_cents": 1,
        },
    )
    names = [b["name"] for b in (await client.get("/v0/books")).json()]
    assert created.json()["title"] in names


async def test_mounted_app_has_its_own_docs_and_openapi(client) -> None:
    docs = await client.get("/v0/docs")
    assert docs.status_code == 200 and "/v0/openapi.json" in docs.text
    schema = (await client.get("/v0/openapi.json")).json()
    assert schema["info"]["title"].startswith("Books API v0")
    assert list(schema["paths"]) == ["/books"]
    assert schema["servers"] == [{"url": "/v0"}]  # so "Try it out" calls /v0/books


async def test_main_openapi_does_not_list_the_mount(app) -> None:
    assert not [path for path in app.openapi()["paths"] if path.startswith("/v0")]


async def test_unknown_path_and_wrong_method_under_the_mount(client) -> None:
    assert (await client.get("/v0/authors")).status_code == 404
    wrong = await client.post("/v0/books", json={})
    assert wrong.status_code == 405  # v0 is read-only
    assert "GET" in wrong.headers["allow"]


async def test_parent_middleware_wraps_the_mount(client) -> None:
    # create_app's body-size limit sits around the whole app, mounts included: 413, not 405.
    answer = await client.post("/v0/books", content=b"x" * 1_100_000)
    assert answer.status_code == 413


async def test_parent_dependency_overrides_do_not_reach_the_mount(app, client) -> None:
    app.dependency_overrides[get_store] = lambda: Library()  # empty, for the main app only
    assert (await client.get("/books")).json()["total"] == 0
    assert len((await client.get("/v0/books")).json()) == 5  # the mount has its own overrides
