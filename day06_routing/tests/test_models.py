"""Bodies are validated by Pydantic models; response models decide which fields leave.

A rejected body never reaches a handler, so it can never write: each test below counts the
library through the API before and after.
"""

from __future__ import annotations

import json

import pytest

GOOD_BOOK = {
    "title": "Contact",
    "author_id": 2,
    "year": 1985,
    "genre": "fiction",
    "price_cents": 999,
}
GOOD_REVIEW = {"rating": 5, "text": "Wonderful.", "reviewer": "cy"}


@pytest.mark.parametrize(
    ("change", "field", "error_type"),
    [
        ({"title": None}, "title", "missing"),
        ({"title": "   "}, "title", "string_too_short"),
        ({"title": "x" * 201}, "title", "string_too_long"),
        ({"year": 1449}, "year", "greater_than_equal"),
        ({"year": 2101}, "year", "less_than_equal"),
        ({"year": "nineteen"}, "year", "int_parsing"),
        ({"genre": "cooking"}, "genre", "enum"),
        ({"price_cents": -1}, "price_cents", "greater_than_equal"),
        ({"supplier_cost_cents": 10**9}, "supplier_cost_cents", "less_than_equal"),
        ({"author_id": 0}, "author_id", "greater_than_equal"),
        ({"id": 1}, "id", "extra_forbidden"),
        ({"titel": "Typo"}, "titel", "extra_forbidden"),
    ],
)
async def test_bad_book_body_is_422_and_writes_nothing(
    client, counts, change, field, error_type
) -> None:
    body = {k: v for k, v in {**GOOD_BOOK, **change}.items() if v is not None}
    before = await counts()
    answer = await client.post("/books", json=body)
    assert answer.status_code == 422
    errors = answer.json()["detail"]
    assert {"loc": ["body", field], "type": error_type} in [
        {"loc": e["loc"], "type": e["type"]} for e in errors
    ]
    assert await counts() == before


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"not json", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"", "application/json"),
        (json.dumps(GOOD_BOOK).encode(), "text/plain"),  # JSON, but not declared as JSON
    ],
)
async def test_body_that_is_not_a_json_object_is_422(client, counts, content, content_type) -> None:
    before = await counts()
    answer = await client.post("/books", content=content, headers={"content-type": content_type})
    assert answer.status_code == 422
    assert await counts() == before


async def test_book_for_an_unknown_author_is_422_and_writes_nothing(client, counts) -> None:
    before = await counts()
    answer = await client.post("/books", json={**GOOD_BOOK, "author_id": 999})
    assert answer.status_code == 422
    # The same shape as Pydantic's errors, so the documented 422 schema holds.
    [error] = answer.json()["detail"]
    assert error["loc"] == ["body", "author_id"] and error["msg"] == "no author with id 999"
    assert await counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**GOOD_REVIEW, "rating": 0}, "rating"),
        ({**GOOD_REVIEW, "rating": 6}, "rating"),
        ({**GOOD_REVIEW, "text": "x" * 2001}, "text"),
        ({**GOOD_REVIEW, "reviewer": ""}, "reviewer"),
        ({**GOOD_REVIEW, "book_id": 2}, "book_id"),  # the path says which book, not the body
        ({**GOOD_REVIEW, "reviewer_ip": "1.2.3.4"}, "reviewer_ip"),
    ],
)
async def test_bad_review_is_422_and_writes_nothing(client, counts, body, field) -> None:
    before = await counts()
    answer = await client.post("/books/1/reviews", json=body)
    assert answer.status_code == 422
    assert ["body", field] in [e["loc"] for e in answer.json()["detail"]]
    assert await counts() == before


async def test_review_for_an_unknown_book_is_404_and_writes_nothing(client, counts) -> None:
    before = await counts()
    assert (await client.post("/books/999/reviews", json=GOOD_REVIEW)).status_code == 404
    assert await counts() == before


@pytest.mark.parametrize(
    "body", [{"name": ""}, {"name": "x" * 101}, {"name": "A", "born": 1200}, {"name": "A", "id": 9}]
)
async def test_bad_author_is_422_and_writes_nothing(client, counts, body) -> None:
    before = await counts()
    assert (await client.post("/authors", json=body)).status_code == 422
    assert await counts() == before


@pytest.mark.parametrize("path", ["/books", "/authors", "/books/1/reviews"])
async def test_oversized_body_is_413_and_writes_nothing(client, counts, path: str) -> None:
    # create_app's size limit answers before FastAPI reads the body into memory.
    before = await counts()
    answer = await client.post(path, json={"title": "x" * 1_100_000})
    assert answer.status_code == 413
    assert await counts() == before


async def test_internal_book_field_never_appears(client, app) -> None:
    created = await client.post("/books", json={**GOOD_BOOK, "supplier_cost_cents": 4321})
    # The store did keep it: the response model hides it, the record still has it.
    book_id = created.json()["id"]
    assert app.state.store.books[book_id].supplier_cost_cents == 4321
    answers = [
        created,
        await client.get(f"/books/{book_id}"),
        await client.get("/books", params={"limit": 50}),
        await client.get("/authors/2/books"),
        await client.get("/v0/books"),
    ]
    for answer in answers:
        assert answer.status_code in (200, 201)
        assert "supplier_cost" not in answer.text
        assert "4321" not in answer.text


async def test_internal_review_field_never_appears(client, app) -> None:
    posted = await client.post("/books/1/reviews", json=GOOD_REVIEW)
    stored = app.state.store.reviews[posted.json()["id"]]
    assert stored.reviewer_ip  # kept (ASGITransport reports a client address) ...
    for answer in (
        posted,
        await client.get("/books/1/reviews"),
        await client.get("/books/3/reviews"),
    ):
        assert "reviewer_ip" not in answer.text  # ... but never shown
        assert stored.reviewer_ip not in answer.text
        assert "192.0.2.10" not in answer.text  # the seeded review's address


async def test_openapi_documents_only_the_public_fields(app) -> None:
    schemas = app.openapi()["components"]["schemas"]
    assert "supplier_cost_cents" in schemas["BookIn"]["properties"]  # clients may send it
    assert "supplier_cost_cents" not in schemas["BookOut"]["properties"]  # and never get it
    assert "reviewer_ip" not in schemas["ReviewOut"]["properties"]
    assert schemas["BookIn"]["additionalProperties"] is False  # extra="forbid", documented
