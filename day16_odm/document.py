"""The heart of an ODM: a Pydantic model that knows its collection, its indexes and ``_id``.

An ODM is two things: a *schema* (types, constraints, defaults — Pydantic already is one) and a
*mapping* between a Python object and a BSON document (``id`` ↔ ``_id``, validation whenever a
document crosses the boundary, driver errors turned into the course's errors). This file is the
mapping; ``models.py`` holds the schemas.

    class Author(Document):
        meta = Meta("authors", indexes=(Index("email", unique=True),))
        name: str

    author = await Author.create(db, name="Ada")       # validated, then insert_one
    author = await Author.get(db, author.id)           # find_one, then validated again
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self

from bson import ObjectId
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError
from pymongo.errors import DuplicateKeyError

from shared.errors import Conflict, DomainError, NotFound

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection
    from pymongo.asynchronous.database import AsyncDatabase

    from day16_odm.query import Query

log = logging.getLogger("day16.odm")

OBJECT_ID_PATTERN = r"^[0-9a-fA-F]{24}$"
# fullmatch, not the pattern above: Python's "$" also matches before a final "\n"
OBJECT_ID_RE = re.compile(r"[0-9a-fA-F]{24}")


def _object_id(value: object) -> ObjectId:
    if isinstance(value, ObjectId):
        return value
    # Only the 24-hex text form: ObjectId() would also take 12 raw bytes, which no client means.
    if isinstance(value, str) and OBJECT_ID_RE.fullmatch(value):
        return ObjectId(value)
    # The message never repeats the value: it may be anything a client typed.
    raise PydanticCustomError("object_id", "must be a 24-character hexadecimal ObjectId")


#: An ObjectId in Python and in MongoDB, a 24-hex string in JSON and in the OpenAPI schema.
#: A malformed id in a path, query or body is therefore a 422 — never a ``bson.InvalidId`` 500.
ObjectIdField = Annotated[
    ObjectId,
    PlainValidator(_object_id),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": OBJECT_ID_PATTERN, "example": "6650c0ffee" * 2 + "c0de"}
    ),
]


def now_ms() -> datetime:
    """Now, in UTC, cut to milliseconds — all a BSON date keeps.

    Without the cut, ``POST`` would answer ``…:07.123456Z`` and the next ``GET`` ``…:07.123Z``:
    the same document, two different timestamps.
    """
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass(frozen=True, init=False)
class Index:
    """``Index("email", unique=True)`` ≈ Mongoose's ``schema.index({email: 1}, {unique: true})``.

    A field name with a leading ``-`` is descending: ``Index("status", "-year")``.
    """

    keys: tuple[tuple[str, int], ...]
    unique: bool

    def __init__(self, *fields: str, unique: bool = False) -> None:
        if not fields:
            raise ValueError("an index needs at least one field")
        keys = tuple((f.removeprefix("-"), -1 if f.startswith("-") else 1) for f in fields)
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "unique", unique)

    @property
    def name(self) -> str:
        # The name MongoDB itself would give (email_1, status_1_year_-1): stable across restarts,
        # so creating the same index again is a no-op rather than a second index.
        return "_".join(f"{field}_{order}" for field, order in self.keys)


@dataclass(frozen=True)
class Meta:
    """What a Mongoose model gets from ``mongoose.model("Author", schema)``: where it lives."""

    collection: str
    indexes: tuple[Index, ...] = ()


class Document(BaseModel):
    """Base class of every stored model: ``id`` (``_id`` in MongoDB) and timestamps.

    ``extra="forbid"`` both ways: code cannot set a field the schema does not have, and a
    stored document with a field the schema does not know is reported, not silently dropped
    (Mongoose's ``strict: "throw"``). ``Author(id=…)`` and ``{"_id": …}`` both fill ``id``.
    """

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)

    meta: ClassVar[Meta]

    # The id is made here, not by the server (Mongoose does the same): the object knows its
    # own id before the insert, and a retried insert of it cannot create a twin.
    id: ObjectIdField = Field(default_factory=ObjectId, validation_alias="_id")
    # Mongoose's `timestamps: true`, minus the magic: a default here, a $set in update().
    created_at: datetime = Field(default_factory=now_ms)
    updated_at: datetime | None = None

    # --- the mapping --------------------------------------------------------------------

    def to_mongo(self) -> dict[str, Any]:
        """The BSON-ready document: ``_id`` first, Python types kept (ObjectId, datetime)."""
        return {"_id": self.id, **self.model_dump(exclude={"id"})}

    @classmethod
    def from_mongo(cls, raw: dict[str, Any]) -> Self:
        """Validate a document read from the database — the way *out* is checked too.

        Anything can be in a collection: an old schema's documents, a hand edit in the shell,
        another service's writes. Better one clear error naming the document than a wrong
        type travelling on into the response (or a 500 from deep inside the serializer).
        """
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise CorruptDocument(cls, raw.get("_id"), exc) from None

    @classmethod
    def collection(cls, db: AsyncDatabase) -> AsyncCollection:
        return db[cls.meta.collection]

    # --- Model.create / findById / find / save / deleteOne ------------------------------

    @classmethod
    def new(cls, **fields: Any) -> Self:
        """Validate ``fields`` as a new document (defaults and hooks applied) or raise 422."""
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            raise InvalidInput(cls, exc) from None

    @classmethod
    async def create(cls, db: AsyncDatabase, **fields: Any) -> Self:
        """``Model.create(fields)``: validate, then one ``insert_one``."""
        return await cls.new(**fields).insert(db)

    async def insert(self, db: AsyncDatabase) -> Self:
        try:
            await self.collection(db).insert_one(self.to_mongo())
        except DuplicateKeyError as exc:
            raise DuplicateKey(type(self), exc) from None
        return self

    @classmethod
    async def get(cls, db: AsyncDatabase, id: ObjectId) -> Self:
        """``Model.findById(id)``, with a 404 instead of ``null``."""
        raw = await cls.collection(db).find_one({"_id": id})
        if raw is None:
            raise NotFound(f"no {cls.label()} with id {id}")
        return cls.from_mongo(raw)

    @classmethod
    def find(
        cls, db: AsyncDatabase, filter: dict[str, Any] | None = None, **equals: Any
    ) -> Query[Self]:
        """``Model.find(filter)``: a query to refine (sort, limit, select, lean) and then run."""
        from day16_odm.query import Query  # noqa: PLC0415 - query.py imports this module

        return Query(cls, db, {**(filter or {}), **equals})

    @classmethod
    async def update(cls, db: AsyncDatabase, id: ObjectId, changes: dict[str, Any]) -> Self:
        """Set ``changes`` — but only after the *whole* document validates with them.

        Mongoose's ``doc.set(changes); await doc.save()``: load, apply, validate every field,
        then send only the changed paths with ``$set`` (a concurrent change to another field
        is not overwritten), and hand back the document as validated — no second read. A
        change that would leave the document invalid (a ``null`` name, a slug of ``"!!"``) is
        a 422, one that collides with a unique index a 409; either way nothing is written.
        """
        current = await cls.get(db, id)
        stamped = {**changes, "updated_at": now_ms()}
        try:
            merged = cls.model_validate({**current.model_dump(), **stamped})
        except ValidationError as exc:
            raise InvalidInput(cls, exc) from None
        as_stored = merged.to_mongo()
        try:
            # update_one, not find_one_and_update: it reports E11000 the same way everywhere
            # (nx-27017's findAndModify answers null on a duplicate key instead).
            result = await cls.collection(db).update_one(
                {"_id": id}, {"$set": {name: as_stored[name] for name in stamped}}
            )
        except DuplicateKeyError as exc:
            raise DuplicateKey(cls, exc) from None
        if result.matched_count == 0:  # deleted between our read and our write
            raise NotFound(f"no {cls.label()} with id {id}")
        return merged

    @classmethod
    async def delete(cls, db: AsyncDatabase, id: ObjectId) -> None:
        result = await cls.collection(db).delete_one({"_id": id})
        if result.deleted_count == 0:
            raise NotFound(f"no {cls.label()} with id {id}")

    @classmethod
    def label(cls) -> str:
        return cls.__name__.lower()


# --- errors the model layer raises (each one a problem+json answer) -------------------------


def field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors without ``input``/``ctx``: the client's (or the database's) values stay out."""
    return [
        {
            "loc": [str(p) if not isinstance(p, int) else p for p in e["loc"]],
            "msg": e["msg"],
            "type": e["type"],
        }
        for e in exc.errors()
    ]


class InvalidInput(DomainError):
    """A new or changed document breaks the schema (a hook's result included): 422."""

    status = 422
    type = "/problems/invalid-document"
    title = "Document does not match its schema"

    def __init__(self, model: type[Document], exc: ValidationError) -> None:
        super().__init__(
            f"the {model.label()} is not valid", errors=field_errors(exc), model=model.__name__
        )


class CorruptDocument(DomainError):
    """A document *in the database* fails validation on the way out.

    500, because the client did nothing wrong: the data is ours. The answer names the
    collection, the id and the fields (never their values); the log says the same, so the
    document can be found and fixed or migrated.
    """

    status = 500
    type = "/problems/corrupt-document"
    title = "Stored document does not match its schema"

    def __init__(self, model: type[Document], id: object, exc: ValidationError) -> None:
        where = f"{model.meta.collection}/{id}"
        errors = field_errors(exc)
        log.error("document %s does not match %s: %s", where, model.__name__, errors)
        super().__init__(
            f"document {id} in '{model.meta.collection}' does not match the {model.__name__} model",
            errors=errors,
            collection=model.meta.collection,
            document_id=str(id),
        )


class DuplicateKey(Conflict):
    """``E11000 duplicate key``, said in the course's words: 409 naming the field."""

    type = "/problems/duplicate-key"
    title = "Duplicate key"

    def __init__(self, model: type[Document], exc: DuplicateKeyError) -> None:
        fields = _duplicated_fields(model, exc)
        super().__init__(
            f"another {model.label()} already has this {' and '.join(fields)}", fields=fields
        )


def _duplicated_fields(model: type[Document], exc: DuplicateKeyError) -> list[str]:
    details = exc.details or {}
    # MongoDB names the index's keys (keyPattern); the value (keyValue) stays out of the answer.
    if pattern := details.get("keyPattern"):
        return list(pattern)
    unique = [idx for idx in model.meta.indexes if idx.unique]
    message = str(details.get("errmsg", exc))
    for idx in unique:  # other servers only name the index in the message
        if all(field in message for field, _ in idx.keys):
            return [field for field, _ in idx.keys]
    return [field for idx in unique for field, _ in idx.keys] or ["key"]
