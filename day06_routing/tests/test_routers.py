"""Every route of the three routers answers, under the prefix app.py gives it."""

from __future__ import annotations

import pytest

NEW_BOOK = {
    "title": "Contact",
    "author_id": 2,
    "year": 1985,
    "genre": "fiction",
    "price_cents": 999,
}


async def test_each_router_is_included_under_its_prefix(app) -> None:
    paths = app.openapi()["paths"]
    assert {"/books", "/books/{book_id}"} <= paths.keys()
    assert {"/authors", "/authors/{author_id}", "/authors/{author_id}/books"} <= paths.keys()
    assert "/books/{book_id}/reviews" in paths
    # A router's tags group its routes in /docs, one section per router.
    assert paths["/authors"]["get"]["tags"] == ["authors"]
    assert paths["/books/{book_id}/reviews"]["post"]["tags"] == ["reviews"]


async def test_list_and_get_books(client) -> None:
    page = (await client.get("/books")).json()
    assert page["total"] == 5 and len(page["items"]) == 5
    first = page["items"][0]
    got = await client.get(f"/books/{first['id']}")
    assert got.status_code == 200 and got.json() == first


async def test_create_book_is_201_with_location_and_then_readable(client) -> None:
    created = await client.post("/books", json=NEW_BOOK)
    assert created.status_code == 201
    book = created.json()
    assert book == {"id": book["id"], **NEW_BOOK}
    assert created.headers["location"] == f"/books/{book['id']}"
    assert (await client.get(created.headers["location"])).json() == book


async def test_delete_book_is_204_and_takes_its_reviews(client) -> None:
    cosmos = (await client.get("/books", params={"q": "cosmos"})).json()["items"][0]
    assert (await client.get(f"/books/{cosmos['id']}/reviews")).json()["total"] == 1
    deleted = await client.delete(f"/books/{cosmos['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert (await client.get(f"/books/{cosmos['id']}")).status_code == 404
    assert (await client.get(f"/books/{cosmos['id']}/reviews")).status_code == 404


async def test_authors_routes(client) -> None:
    authors = (await client.get("/authors")).json()
    assert [a["name"] for a in authors["items"]][:2] == ["Ursula K. Le Guin", "Carl Sagan"]
    assert (await client.get("/authors/2")).json() == {"id": 2, "name": "Carl Sagan", "born": 1934}
    books = (await client.get("/authors/2/books")).json()
    assert {b["title"] for b in books["items"]} == {"Cosmos", "Pale Blue Dot"}
    created = await client.post("/authors", json={"name": "  Octavia E. Butler ", "born": 1947})
    assert created.status_code == 201
    assert created.json()["name"] == "Octavia E. Butler"  # trimmed by the model
    assert (await client.get(f"/authors/{created.json()['id']}")).status_code == 200


async def test_reviews_router_reads_book_id_from_its_prefix(client) -> None:
    posted = await client.post(
        "/books/1/reviews", json={"rating": 4, "text": "Quiet magic.", "reviewer": "bo"}
    )
    assert posted.status_code == 201
    assert posted.json()["book_id"] == 1
    listed = (await client.get("/books/1/reviews")).json()
    assert listed["items"] == [posted.json()]


async def test_anatomy_route_answers(client) -> None:
    assert (await client.get("/anatomy")).status_code == 200


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/books/999", "no book with id 999"),
        ("/authors/999", "no author with id 999"),
        ("/authors/999/books", "no author with id 999"),
        ("/books/999/reviews", "no book with id 999"),
    ],
)
async def test_unknown_id_is_404_with_a_reason(client, path: str, detail: str) -> None:
    answer = await client.get(path)
    assert answer.status_code == 404
    assert answer.json() == {"detail": detail}


async def test_unknown_path_is_404(client) -> None:
    answer = await client.get("/magazines")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("PUT", "/books/1", "GET"), ("DELETE", "/authors/1", "GET"), ("PATCH", "/books", "GET")],
)
async def test_wrong_method_on_a_known_path_is_405(
    client, method: str, path: str, allowed: str
) -> None:
    answer = await client.request(method, path)
    # Express would answer 404 ("Cannot PUT /books/1"); Starlette knows the path and says 405.
    assert answer.status_code == 405
    assert allowed in answer.headers["allow"]
