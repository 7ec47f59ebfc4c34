"""Indexes declared on the model, created at start-up: Mongoose's ``autoIndex``, made explicit.

Mongoose calls ``createIndex`` for every ``schema.index(...)`` when a model is first used.
Here the app's lifespan calls :func:`ensure_indexes` before the first request is served, so a
unique index exists before the first insert could break it, and a failure (say, duplicates
already in the data) stops the start-up with a clear message instead of surfacing later.

``createIndexes`` is idempotent: an index that already exists with the same keys, options and
name is left alone, so restarting the lesson costs one round trip per collection.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pymongo import IndexModel

from day16_odm.document import Document

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase


def index_models(model: type[Document]) -> list[IndexModel]:
    return [
        IndexModel(list(idx.keys), unique=idx.unique, name=idx.name) for idx in model.meta.indexes
    ]


async def ensure_indexes(
    db: AsyncDatabase, models: Iterable[type[Document]]
) -> dict[str, list[str]]:
    """Create every declared index; return ``{collection: [index names]}`` as the server reports."""
    created: dict[str, list[str]] = {}
    for model in models:
        wanted = index_models(model)
        if wanted:
            created[model.meta.collection] = await model.collection(db).create_indexes(wanted)
    return created


async def existing_indexes(db: AsyncDatabase, model: type[Document]) -> list[dict[str, Any]]:
    """``[{"keys": [("email", 1)], "unique": True}, …]`` — what the server has, by keys.

    Compared by keys and options, not by name: a server may name an index its own way.
    """
    info = await model.collection(db).index_information()
    return [
        {
            "keys": [(field, int(order)) for field, order in spec["key"]],
            "unique": bool(spec.get("unique")),
        }
        for spec in info.values()
    ]
