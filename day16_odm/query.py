"""Query building: ``Book.find(db, status="published").sort("-year").limit(10).select("title")``.

The same chain as Mongoose's ``Book.find({status: "published"}).sort("-year").limit(10)
.select("title")``, and the same two ways to run it:

* ``await query.all()`` — every document validated into a model (Mongoose's hydrated docs);
* ``await query.lean()`` — the driver's dicts as they are (Mongoose's ``.lean()``): no
  validation, no defaults, much cheaper, and exactly as trustworthy as what is stored.

Every field name — in the filter, the sort and the projection — is checked against the model
when the query is *built*, so a typo fails at once instead of silently matching nothing, and
a name from a request (``?fields=…``) can never smuggle in an operator such as ``$where``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from pymongo import ASCENDING, DESCENDING

from day16_odm.document import Document

if TYPE_CHECKING:
    from pymongo.asynchronous.cursor import AsyncCursor
    from pymongo.asynchronous.database import AsyncDatabase

D = TypeVar("D", bound=Document)
#: the top-level operators a filter may combine fields with
LOGICAL = frozenset({"$and", "$or", "$nor"})
#: MongoDB's own first batch: larger limits cost extra getMore round trips
MAX_LIMIT = 1000


class UnknownField(ValueError):
    """A field name the model does not have — a bug in the code that built the query."""


def mongo_fields(model: type[Document]) -> frozenset[str]:
    """The names a query may use: each field as stored (``id`` is ``_id``)."""
    return frozenset("_id" if name == "id" else name for name in model.model_fields)


def check_field(model: type[Document], name: str) -> str:
    """``name`` as stored, or UnknownField. ``"id"`` is accepted for ``"_id"``."""
    stored = "_id" if name == "id" else name
    # "tags.0" or "address.city" are paths into a field: check the field they start with.
    if stored.split(".", 1)[0] not in mongo_fields(model):
        raise UnknownField(f"{model.__name__} has no field {name!r}")
    return stored


def check_filter(model: type[Document], filter: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in filter.items():
        if key in LOGICAL:
            checked[key] = [check_filter(model, part) for part in value]
            continue
        stored = check_field(model, key)
        if stored != "_id" and not isinstance(value, dict):
            # {year: 1969} and {year: {$in: [1969]}} match the same documents in MongoDB and
            # use the same index. The embedded nx-27017 0.8.1 misses some equalities (an
            # ObjectId outside _id, an element of an indexed array) but answers $in correctly
            # everywhere, so equality is sent as $in.
            value = {"$in": [value]}
        checked[stored] = value
    return checked


class Query(Generic[D]):
    """A find on one model's collection, refined step by step, run by ``all``/``lean``/``first``.

    Each step returns the query itself (a builder, as in Mongoose); nothing touches the
    database until one of the ``async`` methods is awaited.
    """

    def __init__(self, model: type[D], db: AsyncDatabase, filter: dict[str, Any]) -> None:
        self.model = model
        self.db = db
        self.filter = check_filter(model, filter)
        self.sort_keys: list[tuple[str, int]] = []
        self.limit_to = 0  # 0: no limit, as in PyMongo
        self.fields: tuple[str, ...] = ()

    def where(self, filter: dict[str, Any]) -> Self:
        """Add conditions (ANDed with the ones already there)."""
        extra = check_filter(self.model, filter)
        self.filter = {"$and": [self.filter, extra]} if self.filter else extra
        return self

    def sort(self, *keys: str) -> Self:
        """``sort("-year", "title")``: a leading ``-`` is descending, as in Mongoose."""
        for key in keys:
            name = check_field(self.model, key.removeprefix("-"))
            self.sort_keys.append((name, DESCENDING if key.startswith("-") else ASCENDING))
        return self

    def limit(self, n: int) -> Self:
        if not 0 < n <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, not {n}")
        self.limit_to = n
        return self

    def select(self, *fields: str) -> Self:
        """A projection: only these fields (and ``_id``) come back from the server."""
        self.fields = tuple(dict.fromkeys(check_field(self.model, f) for f in fields))
        return self

    def cursor(self) -> AsyncCursor:
        projection = dict.fromkeys(self.fields, 1) if self.fields else None
        cursor = self.model.collection(self.db).find(self.filter, projection)
        if self.sort_keys:
            cursor = cursor.sort(self.sort_keys)
        if self.limit_to:
            cursor = cursor.limit(self.limit_to)
        return cursor

    async def all(self) -> list[D]:
        """Run it; every document validated into the model."""
        if self.fields:
            # A projected document lacks required fields: it *cannot* be a valid model.
            # Mongoose returns a half-filled document here; refusing is clearer.
            raise TypeError("a query with select() returns partial documents: use lean()")
        return [self.model.from_mongo(raw) async for raw in self.cursor()]

    async def lean(self) -> list[dict[str, Any]]:
        """Run it; the driver's dicts, unvalidated (``_id`` key, ObjectId and datetime values)."""
        return await self.cursor().to_list()

    async def first(self) -> D | None:
        found = await self.limit(1).all()
        return found[0] if found else None

    async def exists(self) -> bool:
        """Is there at least one? (Cheaper than counting them all: it stops at the first.)"""
        return bool(await self.select("_id").limit(1).lean())
