"""shared.mongo: the real driver against nx-27017 by default, against MONGODB_URL when set."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from pymongo import AsyncMongoClient

import shared.mongo
from course import fixtures_backends
from course.fixtures_backends import scratch_database
from shared.backends import BackendUnavailable
from shared.lesson import Bullet, Lesson
from shared.mongo import Db, EmbeddedMongo, mongo_lifespan, open_mongo, ping
from shared.service import create_service
from tests.backends.helpers import closed_port, refuses


def nx_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "nx-27017"]


def port_of(db) -> int:
    (address,) = db.client.topology_description.server_descriptions()
    return address[1]


async def test_embedded_by_default_and_gone_when_the_context_ends(env) -> None:
    env()
    async with open_mongo("lesson") as db:
        port = port_of(db)
        await db.books.insert_one({"title": "Dune", "year": 1965})
        found = await db.books.find_one({"year": {"$gt": 1900}}, {"_id": 0})
        assert found == {"title": "Dune", "year": 1965}
        assert await ping(db) >= 0
        assert nx_threads()
    # No process to leave behind (it ran in a thread), and the port and thread are gone.
    assert refuses(port)
    assert not nx_threads()


async def test_embedded_files_live_under_the_data_folder(env, tmp_path) -> None:
    env(DATA_DIR=str(tmp_path), MONGODB_EMBEDDED_PATH="mongo")
    async with open_mongo("library") as db:
        await db.books.insert_one({"title": "Dune"})
    assert (tmp_path / "mongo" / "library.db").is_file()
    async with open_mongo("library") as db:  # a new server, same files: the data is still there
        assert await db.books.count_documents({}) == 1


async def test_a_configured_mongodb_that_is_down_fails_at_start(env, monkeypatch) -> None:
    port = closed_port()
    env(MONGODB_URL=f"mongodb://ada:s3cret@127.0.0.1:{port}/app")
    started = []
    monkeypatch.setattr(shared.mongo, "EmbeddedMongo", lambda *a: started.append(a))
    with pytest.raises(BackendUnavailable) as caught:
        async with open_mongo("lesson", timeout_ms=100):
            pytest.fail("must not get a database")
    message = str(caught.value)
    assert f"MongoDB at mongodb://ada:***@127.0.0.1:{port}/app is not reachable" in message
    assert "s3cret" not in message
    assert caught.value.status == 503
    assert started == []  # never a quiet switch to the embedded server


async def test_two_embedded_servers_never_share_a_port_or_data() -> None:
    first, second = EmbeddedMongo(), EmbeddedMongo()
    await asyncio.gather(asyncio.to_thread(first.start), asyncio.to_thread(second.start))
    try:
        assert first.port != second.port
        a = AsyncMongoClient(first.url)
        b = AsyncMongoClient(second.url)
        await a.shared.things.insert_one({"n": 1})
        assert await b.shared.things.count_documents({}) == 0
        await a.close()
        await b.close()
    finally:
        first.stop()
        second.stop()
    assert refuses(first.port) and refuses(second.port)


async def test_the_lifespan_keeps_the_database_for_routes(env, client_for) -> None:
    env()
    app = FastAPI(lifespan=mongo_lifespan("shop"))

    @app.post("/items/{name}")
    async def add(name: str, db: Db) -> dict[str, int]:
        await db.items.insert_one({"name": name})
        return {"count": await db.items.count_documents({})}

    async with client_for(app) as client:
        assert (await client.post("/items/pen")).json() == {"count": 1}
        assert (await client.post("/items/ink")).json() == {"count": 2}


async def test_a_route_without_an_open_database_answers_503_problem(client_for) -> None:
    app = create_service(Lesson(day=11, title="t", learn=(Bullet("x"),)))

    @app.get("/count")
    async def count(db: Db) -> int:
        return await db.items.count_documents({})

    async with client_for(app) as client:
        response = await client.get("/count")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "not open" in response.json()["detail"]


async def test_mongo_db_fixture_gives_each_test_an_empty_database(mongo_db) -> None:
    assert mongo_db.name.startswith("test_")
    assert await mongo_db.list_collection_names() == []
    await mongo_db.notes.insert_one({"text": "mine"})


async def test_scratch_databases_are_dropped(mongo_url) -> None:
    async with scratch_database(mongo_url) as db:
        await db.notes.insert_one({"text": "temporary"})
        name = db.name
    client = AsyncMongoClient(mongo_url)
    try:
        assert name not in await client.list_database_names()
    finally:
        await client.close()


@pytest.mark.real_mongo
async def test_exists_matches_an_explicit_null(mongo_db) -> None:
    # MongoDB: a field set to null exists. nx-27017 treats null like missing here.
    await mongo_db.docs.insert_many([{"k": 1, "a": None}, {"k": 2}, {"k": 3, "a": 5}])
    found = await mongo_db.docs.find({"a": {"$exists": True}}).sort("k").to_list()
    assert [d["k"] for d in found] == [1, 3]


class _Item:
    def __init__(self, marked: bool) -> None:
        self.marked = marked

    def get_closest_marker(self, name: str) -> object | None:
        return object() if self.marked and name == "real_mongo" else None


def test_real_mongo_tests_are_deselected_unless_mongodb_url_is_set(env) -> None:
    marked, plain = _Item(True), _Item(False)
    deselected: list = []
    config = SimpleNamespace(
        hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items))
    )

    env()
    items = [marked, plain]
    fixtures_backends.pytest_collection_modifyitems(config, items)
    assert (items, deselected) == ([plain], [marked])  # left out and counted, not skipped
    assert "deselected (MONGODB_URL is not set" in fixtures_backends.pytest_report_header(config)

    env(MONGODB_URL="mongodb://db.example:27017")
    items = [marked, plain]
    fixtures_backends.pytest_collection_modifyitems(config, items)
    assert items == [marked, plain]
    assert "run against MONGODB_URL" in fixtures_backends.pytest_report_header(config)


def test_under_a_real_uvicorn_the_lifespan_opens_and_closes_it(env, live_app) -> None:
    env()
    app = FastAPI(lifespan=mongo_lifespan("live"))

    @app.post("/notes")
    async def add(db: Db) -> dict[str, int]:
        await db.notes.insert_one({"text": "hi"})
        return {"port": port_of(db), "count": await db.notes.count_documents({})}

    url = live_app(app)
    first = httpx.post(f"{url}/notes").json()
    assert httpx.post(f"{url}/notes").json() == {"port": first["port"], "count": 2}
    assert nx_threads()
