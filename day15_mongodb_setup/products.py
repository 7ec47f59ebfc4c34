"""CRUD on one collection with PyMongo's async API — each call next to its mongosh twin.

=========================  ==========================================================
this module                mongosh
=========================  ==========================================================
``create``                 ``db.products.insertOne({sku: "MUG-001", …})``
``get``                    ``db.products.findOne({_id: ObjectId("…")})``
``search``                 ``db.products.find({category: "kitchen"}).sort({sku: 1}).limit(20)``
``update``                 ``db.products.updateOne({_id: …}, {$set: {price_cents: 990}, …})``
``delete``                 ``db.products.deleteOne({_id: …})``
``prepare``                ``db.products.createIndex({sku: 1}, {unique: true})``
=========================  ==========================================================

Ids from a URL are checked *before* the database is asked: a string that is not 24 hex digits
can never name a document, so it is the client's mistake (422), not a missing product (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shared.errors import Conflict, DomainError, NotFound

COLLECTION = "products"
#: a page never holds more than this many documents, whatever the client asks for
MAX_LIMIT = 100


class InvalidId(DomainError):
    status = 422
    type = "/problems/invalid-objectid"
    title = "Not an ObjectId"


class DuplicateSku(Conflict):
    type = "/problems/duplicate-sku"
    title = "Duplicate SKU"


def object_id(text: str) -> Any:
    """The ObjectId in ``text``, or :class:`InvalidId` (422) — never a 500 from bson."""
    from bson import ObjectId  # noqa: PLC0415

    if len(text) != 24 or not ObjectId.is_valid(text):
        shown = text if len(text) <= 40 else text[:37] + "…"
        raise InvalidId(f"{shown!r} is not an ObjectId: an id is 24 hexadecimal digits")
    return ObjectId(text)


async def prepare(db: Any) -> None:
    """The indexes the API relies on; creating an existing index again changes nothing."""
    products = db[COLLECTION]
    # The unique index is the rule "one product per SKU": checked by the server, atomically,
    # which a find-then-insert in the app could never be (two requests could both find nothing).
    await products.create_index("sku", unique=True)
    await products.create_index([("category", 1), ("sku", 1)])


def as_product(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document as the API shows it: ``_id`` becomes ``id``, a string."""
    out = {k: v for k, v in doc.items() if k != "_id"}
    out["id"] = str(doc["_id"])
    return out


async def create(db: Any, fields: dict[str, Any]) -> dict[str, Any]:
    from pymongo.errors import DuplicateKeyError  # noqa: PLC0415

    # BSON dates hold milliseconds: cut the microseconds now, so the answer equals what is stored.
    now = dt.datetime.now(dt.UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    doc = {**fields, "created_at": now, "updated_at": now}
    try:
        await db[COLLECTION].insert_one(doc)  # the driver adds doc["_id"], an ObjectId
    except DuplicateKeyError:
        raise DuplicateSku(
            f"a product with sku {fields['sku']!r} exists", sku=fields["sku"]
        ) from None
    return as_product(doc)


async def get(db: Any, product_id: str) -> dict[str, Any]:
    doc = await db[COLLECTION].find_one({"_id": object_id(product_id)})
    if doc is None:
        raise NotFound(f"no product with id {product_id}")
    return as_product(doc)


def build_filter(
    category: str | None = None,
    tag: str | None = None,
    min_price: int | None = None,
    max_price: int | None = None,
    in_stock: bool | None = None,
) -> dict[str, Any]:
    """The query document. Every value is typed by the route, so no operator can sneak in."""
    query: dict[str, Any] = {}
    if category is not None:
        query["category"] = category
    if tag is not None:
        query["tags"] = tag  # matches any element of the array
    price: dict[str, int] = {}
    if min_price is not None:
        price["$gte"] = min_price
    if max_price is not None:
        price["$lte"] = max_price
    if price:
        query["price_cents"] = price
    if in_stock is True:
        query["stock"] = {"$gt": 0}
    elif in_stock is False:
        query["stock"] = 0
    return query


async def search(db: Any, query: dict[str, Any], limit: int, skip: int) -> tuple[list, int]:
    """One page, sorted by sku (unique, so pages never overlap), and the total matching."""
    cursor = db[COLLECTION].find(query).sort("sku", 1).skip(skip).limit(min(limit, MAX_LIMIT))
    items = [as_product(doc) async for doc in cursor]
    return items, await db[COLLECTION].count_documents(query)


async def update(db: Any, product_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """``$set`` only the fields sent; ``$currentDate`` stamps ``updated_at`` with the server's clock.

    ``update_one`` then ``find_one`` rather than ``find_one_and_update``: see the README for
    where the embedded server differs.
    """
    from pymongo.errors import DuplicateKeyError  # noqa: PLC0415

    oid = object_id(product_id)
    operations = {"$set": changes, "$currentDate": {"updated_at": True}}
    try:
        result = await db[COLLECTION].update_one({"_id": oid}, operations)
    except DuplicateKeyError:
        sku = changes.get("sku")
        raise DuplicateSku(f"a product with sku {sku!r} exists", sku=sku) from None
    if result.matched_count == 0:
        raise NotFound(f"no product with id {product_id}")
    return await get(db, product_id)


async def delete(db: Any, product_id: str) -> None:
    result = await db[COLLECTION].delete_one({"_id": object_id(product_id)})
    if result.deleted_count == 0:
        raise NotFound(f"no product with id {product_id}")
