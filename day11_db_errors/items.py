"""The resource the failures happen to: items, with each operation marked safe to retry or not.

=========================  =========================  ===============================
route                      database call              retried?
=========================  =========================  ===============================
GET /items, /items/{id}    find, find_one             yes: reading twice changes nothing
PUT /items/{id}            replace_one(upsert=True)   yes: the client chose the id, so a
                                                      second run replaces the same document
DELETE /items/{id}         delete_one                 yes: gone is gone (and it answers 204
                                                      either way, so a retry cannot say 404)
POST /items                insert_one                 **no**: if the reply was lost, the first
                                                      insert happened; a second is a duplicate
=========================  =========================  ===============================
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field
from pymongo.asynchronous.database import AsyncDatabase

from day11_db_errors.guard import DbGuard
from shared.errors import NotFound

#: ids a client may choose for PUT: short, URL-safe, no surprises in logs or queries
ItemId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
MAX_LIST = 100


class ItemIn(BaseModel):
    # Unknown fields are refused: a typo ("quantitiy") should fail loudly, not vanish.
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]+$")
    quantity: int = Field(default=0, ge=0, le=1_000_000)


class Item(ItemIn):
    id: str


def to_item(doc: dict[str, Any]) -> Item:
    return Item(id=doc["_id"], name=doc["name"], quantity=doc["quantity"])


class Items:
    def __init__(self, db: AsyncDatabase, guard: DbGuard) -> None:
        self.collection = db["items"]
        self.guard = guard

    async def get(self, item_id: str) -> Item:
        doc = await self.guard.read("get", lambda: self.collection.find_one({"_id": item_id}))
        if doc is None:
            raise NotFound(f"no item with id {item_id!r}")
        return to_item(doc)

    async def list(self, limit: int) -> list[Item]:
        # The whole cursor is read inside one attempt: a retry starts the query over,
        # rather than resuming a cursor that died with its connection.
        docs = await self.guard.read(
            "list", lambda: self.collection.find().sort("_id", 1).limit(limit).to_list()
        )
        return [to_item(doc) for doc in docs]

    # region: retry-or-not
    async def put(self, item_id: str, item: ItemIn) -> tuple[Item, bool]:
        """Create or replace the item ``item_id``; True when it was created."""
        doc = {"_id": item_id, **item.model_dump()}
        result = await self.guard.idempotent_write(
            "put", lambda: self.collection.replace_one({"_id": item_id}, doc, upsert=True)
        )
        # After a retry this may say "replaced" for an item the first attempt created:
        # the state is right either way, only the status code can tell the difference.
        return to_item(doc), result.upserted_id is not None

    async def create(self, item: ItemIn) -> Item:
        """Insert with an id the server picks — once. A lost reply is a 503/504, not a retry."""
        doc = {"_id": uuid.uuid4().hex, **item.model_dump()}
        await self.guard.write_once("create", lambda: self.collection.insert_one(doc))
        return to_item(doc)
        # endregion

    async def delete(self, item_id: str) -> None:
        await self.guard.idempotent_write(
            "delete", lambda: self.collection.delete_one({"_id": item_id})
        )
