"""Path and query parameters arrive typed and checked: bad ones are 422 before any handler runs."""

from __future__ import annotations

import pytest


async def test_path_parameter_is_converted_to_int(client) -> None:
    assert (await client.get("/books/3")).json()["id"] == 3  # not "3"


@pytest.mark.parametrize(
    ("path", "error_type"),
    [
        ("/books/abc", "int_parsing"),
        ("/books/1.5", "int_parsing"),
        ("/books/0", "greater_than_equal"),
        ("/books/-2/reviews", "greater_than_equal"),
        ("/authors/x", "int_parsing"),
    ],
)
async def test_bad_path_parameter_is_422(client, path: str, error_type: str) -> None:
    answer = await client.get(path)
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["type"] == error_type
    assert error["loc"][0] == "path"


async def test_query_filters(client) -> None:
    science = (await client.get("/books", params={"genre": "science"})).json()
    assert {b["title"] for b in science["items"]} == {"Cosmos", "Pale Blue Dot"}
    by_author = (await client.get("/books", params={"author_id": 1})).json()
    assert by_author["total"] == 2
    search = (await client.get("/books", params={"q": "DARK"})).json()
    assert [b["title"] for b in search["items"]] == ["The Left Hand of Darkness"]


async def test_pagination_query(client) -> None:
    page = (await client.get("/books", params={"limit": 2, "offset": 1})).json()
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)
    assert [b["id"] for b in page["items"]] == [2, 3]
    past_the_end = (await client.get("/books", params={"offset": 100})).json()
    assert past_the_end["items"] == [] and past_the_end["total"] == 5


@pytest.mark.parametrize(
    ("params", "field", "error_type"),
    [
        ({"genre": "cooking"}, "genre", "enum"),
        ({"limit": 0}, "limit", "greater_than_equal"),
        ({"limit": 51}, "limit", "less_than_equal"),
        ({"limit": "ten"}, "limit", "int_parsing"),
        ({"offset": -1}, "offset", "greater_than_equal"),
        ({"offset": 10_001}, "offset", "less_than_equal"),
        ({"author_id": 0}, "author_id", "greater_than_equal"),
        ({"q": ""}, "q", "string_too_short"),
        ({"q": "x" * 101}, "q", "string_too_long"),
    ],
)
async def test_bad_query_parameter_is_422(client, params, field: str, error_type: str) -> None:
    answer = await client.get("/books", params=params)
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["loc"] == ["query", field]
    assert error["type"] == error_type


async def test_enum_error_lists_the_allowed_values(client) -> None:
    [error] = (await client.get("/books", params={"genre": "cooking"})).json()["detail"]
    for genre in ("fiction", "science", "history", "poetry"):
        assert genre in error["msg"]


async def test_pagination_bounds_hold_on_every_list(client) -> None:
    # One dependency, declared once, guards every list route that asks for it.
    for path in ("/authors", "/authors/1/books", "/books/3/reviews"):
        assert (await client.get(path, params={"limit": 51})).status_code == 422
