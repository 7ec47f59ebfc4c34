"""Handlers ask for what they need with Depends; tests swap it with dependency_overrides."""

from __future__ import annotations

from day06_routing.dependencies import Pagination, get_store, pagination
from day06_routing.store import Library


def tiny_library() -> Library:
    lib = Library()
    author = lib.add_author("Test Author")
    lib.add_book(title="Only Book", author_id=author.id, year=2000, genre="poetry", price_cents=1)
    return lib


async def test_store_dependency_can_be_overridden(app, client) -> None:
    lib = tiny_library()
    app.dependency_overrides[get_store] = lambda: lib
    page = (await client.get("/books")).json()
    assert [b["title"] for b in page["items"]] == ["Only Book"]
    # Writes go to the override too: every route that asks for the store gets the same one.
    created = await client.post("/authors", json={"name": "Second"})
    assert created.status_code == 201 and len(lib.authors) == 2
    app.dependency_overrides.clear()
    assert (await client.get("/books")).json()["total"] == 5  # the app's own library again


async def test_pagination_dependency_can_be_overridden(app, client) -> None:
    app.dependency_overrides[pagination] = lambda: Pagination(limit=1, offset=0)
    for path in ("/books", "/authors", "/authors/1/books"):
        page = (await client.get(path, params={"limit": 50})).json()
        assert len(page["items"]) == 1 and page["limit"] == 1


async def test_loader_dependency_is_shared_by_books_and_reviews(client) -> None:
    # `existing_book` is written once; both routers' routes get its 404 and its validation.
    for path in ("/books/77", "/books/77/reviews"):
        assert (await client.get(path)).json() == {"detail": "no book with id 77"}
    for path in ("/books/0", "/books/0/reviews"):
        assert (await client.get(path)).status_code == 422


async def test_store_is_per_app(client_for) -> None:
    from day06_routing.app import create_app

    one, two = create_app(), create_app()
    async with client_for(one) as c1, client_for(two) as c2:
        await c1.post("/authors", json={"name": "Only in one"})
        assert (await c1.get("/authors")).json()["total"] == 4
        assert (await c2.get("/authors")).json()["total"] == 3
