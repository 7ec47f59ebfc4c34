"""The REST door: routes over the same Library, the shared problem+json errors, bad input."""

from __future__ import annotations

import pytest

from .conftest import assert_problem, rest_client


async def test_books_notes_stats_and_conversion(app) -> None:  # type: ignore[no-untyped-def]
    async with rest_client(app) as c:
        r = await c.get("/books", params={"q": "distributed", "limit": 2})
        assert [b["id"] for b in r.json()] == [1, 5]
        assert len((await c.get("/books")).json()) == 5  # no query: everything, up to the limit
        assert (await c.get("/books/4")).json()["author"] == "Ilya Grigorik"
        assert_problem(await c.get("/books/9"), 404)

        r = await c.post(
            "/notes", json={"title": "Timeouts", "body": "Always set one.", "book_id": 2}
        )
        assert r.status_code == 201
        note = r.json()
        assert note == {"id": 1, "title": "Timeouts", "body": "Always set one.", "book_id": 2}
        assert (await c.get("/notes/1")).json() == note
        assert (await c.get("/notes")).json() == [note]
        assert (await c.get("/stats")).json()["notes"] == 1

        r = await c.get("/convert", params={"value": 5, "from_unit": "km", "to_unit": "m"})
        assert r.json() == {"value": 5.0, "from_unit": "km", "result": 5000.0, "to_unit": "m"}
        body = assert_problem(
            await c.get("/convert", params={"value": 5, "from_unit": "km", "to_unit": "kg"}), 422
        )
        assert body["title"] == "Incompatible units"


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"body": "no title"}, 422),
        ({"title": "   ", "body": "blank title"}, 422),
        ({"title": "t" * 121, "body": "b"}, 422),
        ({"title": "t", "body": "b" * 4001}, 422),
        ({"title": "t", "body": "b", "book_id": "one"}, 422),
        ({"title": "t", "body": "b", "book_id": 0}, 422),
        ({"title": "t", "body": "b", "pinned": True}, 422),  # unknown fields are refused
        ({"title": "t", "body": "b", "book_id": 99}, 404),
        ("not an object", 422),
    ],
)
async def test_bad_notes_are_refused_and_nothing_is_written(app, payload, status) -> None:  # type: ignore[no-untyped-def]
    async with rest_client(app) as c:
        assert_problem(await c.post("/notes", json=payload), status)
        assert (await c.get("/notes")).json() == []


async def test_malformed_and_oversized_bodies_write_nothing(app) -> None:  # type: ignore[no-untyped-def]
    async with rest_client(app) as c:
        headers = {"content-type": "application/json"}
        assert_problem(await c.post("/notes", content=b"{title", headers=headers), 422)
        huge = b'{"title": "t", "body": "' + b"b" * 1_100_000 + b'"}'
        r = await c.post("/notes", content=huge, headers=headers)
        assert r.status_code == 413
        assert (await c.get("/stats")).json()["notes"] == 0


async def test_a_full_notebook_is_a_409(app) -> None:  # type: ignore[no-untyped-def]
    app.state.library.max_notes = 1
    async with rest_client(app) as c:
        assert (await c.post("/notes", json={"title": "a", "body": "b"})).status_code == 201
        body = assert_problem(await c.post("/notes", json={"title": "c", "body": "d"}), 409)
        assert body["detail"] == "the notebook is full (1 notes)"
        assert len((await c.get("/notes")).json()) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/books?limit=0",
        "/books?limit=21",
        "/books?q=" + "x" * 101,
        "/books/0",
        "/books/abc",
        "/notes/0",
        "/convert?value=1&from_unit=parsec&to_unit=m",
        "/convert?value=nan&from_unit=m&to_unit=km",
        "/convert?value=1e13&from_unit=m&to_unit=km",
        "/convert?from_unit=m&to_unit=km",
    ],
)
async def test_bad_queries_get_422(app, path: str) -> None:  # type: ignore[no-untyped-def]
    async with rest_client(app) as c:
        assert_problem(await c.get(path), 422)


async def test_the_mcp_mount_is_not_part_of_the_openapi(app) -> None:  # type: ignore[no-untyped-def]
    async with rest_client(app) as c:
        paths = (await c.get("/openapi.json")).json()["paths"]
    assert set(paths) == {
        "/health",
        "/books",
        "/books/{book_id}",
        "/notes",
        "/notes/{note_id}",
        "/stats",
        "/convert",
    }
