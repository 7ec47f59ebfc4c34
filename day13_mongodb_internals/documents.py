"""Documents, collections and ``_id``: a collection of cities with one secondary index.

* A **document** is one BSON object (at most 16 MiB); a **collection** is a set of them with
  no fixed schema; a database is a set of collections. Nothing is declared up front: the
  first insert creates the collection.
* Every document has an ``_id``: **unique** (the collection's ``_id_`` index, which cannot be
  dropped, enforces it), **immutable** (MongoDB refuses to change it: error 66,
  ImmutableField), and by **default an ObjectId** that the *driver* makes before sending the
  insert. It may be any BSON type except an array: here a string like ``"tokyo"`` works too.
* An **index** is a separate B-tree of (key, record id) pairs. ``country`` has one; ``name``
  does not — which is what ``GET /explain`` compares.
"""

from __future__ import annotations

import re
from typing import Any

from shared.errors import Conflict, DomainError, NotFound

COLLECTION = "cities"
COUNTRIES = (
    "Argentina",
    "Brazil",
    "Canada",
    "Egypt",
    "France",
    "India",
    "Japan",
    "Kenya",
    "Mexico",
    "Norway",
    "Peru",
    "Vietnam",
)
#: seeded documents: 40 per country, so an index on country narrows 480 to 40
SEED_SIZE = 480
_OBJECTID = re.compile(r"^[0-9a-fA-F]{24}$")


class DuplicateId(Conflict):
    type = "/problems/duplicate-id"
    title = "Duplicate _id"


class ImmutableId(DomainError):
    status = 422
    type = "/problems/immutable-id"
    title = "_id is immutable"


def seed_documents(count: int = SEED_SIZE) -> list[dict[str, Any]]:
    """Deterministic cities: the same 480 documents on every run (no ``_id``: the driver adds it)."""
    return [
        {
            "name": f"City {i:03d}",
            "country": COUNTRIES[i % len(COUNTRIES)],
            "population": 10_000 + (i * 7919) % 5_000_000,
        }
        for i in range(count)
    ]


async def prepare(db: Any) -> None:
    """Create the index and the seed documents once (a real MongoDB keeps them between runs)."""
    cities = db[COLLECTION]
    await cities.create_index("country")
    if await cities.count_documents({}, limit=1) == 0:
        await cities.insert_many(seed_documents())


def id_value(text: str) -> Any:
    """A path's id as the ``_id`` it names: 24 hex digits mean an ObjectId, else the string."""
    from bson import ObjectId  # noqa: PLC0415

    return ObjectId(text) if _OBJECTID.match(text) else text


def describe_id(value: Any) -> str:
    from bson import ObjectId  # noqa: PLC0415

    if isinstance(value, ObjectId):
        return "ObjectId"
    return "string" if isinstance(value, str) else type(value).__name__


async def insert_city(db: Any, city: dict[str, Any]) -> dict[str, Any]:
    """Insert one city; without ``_id`` PyMongo makes an ObjectId and adds it to ``city``."""
    from pymongo.errors import DuplicateKeyError  # noqa: PLC0415

    try:
        await db[COLLECTION].insert_one(city)
    except DuplicateKeyError:
        raise DuplicateId(
            f"a document with _id {city['_id']!r} already exists: _id is unique per collection",
            id=str(city["_id"]),
        ) from None
    return city


async def find_city(db: Any, city_id: str) -> dict[str, Any]:
    found = await db[COLLECTION].find_one({"_id": id_value(city_id)})
    if found is None:
        raise NotFound(f"no city with _id {city_id!r}")
    return found


async def update_city(db: Any, city_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """``$set`` the changes; ``_id`` is refused here as MongoDB itself refuses it."""
    from pymongo.errors import OperationFailure  # noqa: PLC0415

    if "_id" in changes:
        raise ImmutableId("_id cannot be changed: insert a new document and delete the old one")
    try:
        result = await db[COLLECTION].update_one({"_id": id_value(city_id)}, {"$set": changes})
    except OperationFailure as exc:
        if exc.code == 66:  # ImmutableField
            raise ImmutableId(
                str(exc.details.get("errmsg", exc)) if exc.details else str(exc)
            ) from None
        raise
    if result.matched_count == 0:
        raise NotFound(f"no city with _id {city_id!r}")
    return await find_city(db, city_id)


async def index_list(db: Any) -> list[dict[str, Any]]:
    cursor = await db[COLLECTION].list_indexes()
    return [
        {
            "name": ix["name"],
            "key": dict(ix["key"]),
            # the _id index is unique without saying so: it cannot be anything else
            "unique": bool(ix.get("unique")) or dict(ix["key"]) == {"_id": 1},
        }
        async for ix in cursor
    ]
