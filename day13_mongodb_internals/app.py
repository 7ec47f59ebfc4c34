"""Day 13 app: BSON taken apart, ObjectIds read, and a query plan with and without an index.

Routes, from bytes up to queries:

* ``POST /bson/encode``     — extended JSON in, BSON bytes out, every byte labelled
* ``POST /bson/decode``     — BSON hex in, the document out; malformed bytes → 422
* ``GET  /bson/types``      — the types JSON lacks, each with its bytes
* ``GET  /objectid``        — fresh ObjectIds: same random part, counter +1
* ``GET  /objectid/{oid}``  — an ObjectId's timestamp, random part and counter
* ``POST /cities``, ``GET|PATCH /cities/{id}`` — documents and their ``_id``
* ``GET  /indexes``, ``GET /explain`` — the collection's indexes, and how a query uses them
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Path, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from day13_mongodb_internals import LESSON
from day13_mongodb_internals.bson_anatomy import (
    MAX_BSON_BYTES,
    MalformedBson,
    TooLarge,
    annotate,
    decode,
    encode,
    from_extended_json,
    from_hex,
    listing,
    rows_as_dicts,
    to_extended_json,
)
from day13_mongodb_internals.bson_types import float_vs_decimal, showcase
from day13_mongodb_internals.documents import (
    COLLECTION,
    describe_id,
    find_city,
    id_value,
    index_list,
    insert_city,
    prepare,
    update_city,
)
from day13_mongodb_internals.objectid_anatomy import anatomy, fresh, parse
from day13_mongodb_internals.query_plans import explain_find
from shared.errors import DomainError, problem_responses
from shared.mongo import Db, open_mongo
from shared.service import create_service

DB_NAME = "day13_mongodb_internals"
router = APIRouter()


class NotBson(DomainError):
    status = 422
    type = "/problems/malformed-bson"
    title = "Not a BSON document"


class BsonTooLarge(DomainError):
    status = 413
    type = "/problems/document-too-large"
    title = "Document too large"


def refuse(exc: MalformedBson) -> DomainError:
    if isinstance(exc, TooLarge):
        return BsonTooLarge(str(exc), limit=MAX_BSON_BYTES)
    return NotBson(str(exc), offset=exc.offset)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EncodeIn(Strict):
    #: extended JSON: {"$oid": …}, {"$date": …}, {"$numberDecimal": "0.3"}, {"$numberLong": "5"}
    document: dict[str, Any] = Field(
        examples=[{"name": "Ada", "born": {"$date": "1815-12-10T00:00:00Z"}, "n": 5}]
    )


class DecodeIn(Strict):
    hex: str = Field(
        min_length=1,
        max_length=3 * MAX_BSON_BYTES,
        examples=["0c0000001061000500000000"],  # {"a": 5}
    )


class RowOut(BaseModel):
    offset: int
    hex: str
    depth: int
    meaning: str


class BsonOut(BaseModel):
    size: int
    hex: str
    rows: list[RowOut]
    listing: str
    #: canonical extended JSON keeps every type: {"$numberInt": "5"} vs {"$numberLong": "5"}
    canonical: dict[str, Any]
    #: relaxed extended JSON reads like plain JSON where nothing is lost
    relaxed: dict[str, Any]


class TypeOut(BaseModel):
    name: str
    python: str
    type_byte: str
    bson_type: str
    value_hex: str
    canonical: Any
    relaxed: Any
    note: str


class TypesOut(BaseModel):
    examples: list[TypeOut]
    float_vs_decimal: dict[str, Any]


class PartOut(BaseModel):
    bytes: str
    meaning: str


class ObjectIdOut(BaseModel):
    oid: str
    timestamp: int
    generated_at: str
    random: str
    counter: int
    parts: list[PartOut]


class CityIn(Strict):
    # Field names cannot start with "_" in Pydantic, so `_id` is an alias.
    id: str | None = Field(
        default=None, alias="_id", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$"
    )
    name: str = Field(min_length=1, max_length=80)
    country: str = Field(min_length=1, max_length=40)
    population: int = Field(ge=0, le=10**10)


class CityPatch(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=80)
    country: str | None = Field(default=None, min_length=1, max_length=40)
    population: int | None = Field(default=None, ge=0, le=10**10)

    @model_validator(mode="before")
    @classmethod
    def id_is_immutable(cls, data: Any) -> Any:
        if isinstance(data, dict) and "_id" in data:
            raise ValueError("_id is immutable: MongoDB refuses to change it (error 66)")
        return data

    @model_validator(mode="after")
    def something_to_set(self) -> CityPatch:
        if not self.model_fields_set:
            raise ValueError("send at least one of name, country, population")
        if any(getattr(self, name) is None for name in self.model_fields_set):
            raise ValueError("null is not a value here: leave the field out instead")
        return self


class CityOut(BaseModel):
    id: str = Field(serialization_alias="_id")
    id_type: str
    #: an ObjectId _id carries its creation time
    id_created_at: str | None = None
    name: str
    country: str
    population: int


class IndexOut(BaseModel):
    name: str
    key: dict[str, Any]
    unique: bool


class IndexesOut(BaseModel):
    collection: str
    indexes: list[IndexOut]
    note: str


class ExplainOut(BaseModel):
    query: dict[str, Any]
    planner: str
    uses_index: bool
    index: str | None
    stages: list[str]
    keys_examined: int | None
    docs_examined: int | None
    returned: int | None
    matching_documents: int
    note: str
    raw_plan: Any


def bson_out(data: bytes, document: dict[str, Any], rows: list[Any]) -> BsonOut:
    return BsonOut(
        size=len(data),
        hex=data.hex(),
        rows=[RowOut(**row) for row in rows_as_dicts(rows)],
        listing=listing(rows),
        canonical=to_extended_json(document, canonical=True),
        relaxed=to_extended_json(document, canonical=False),
    )


@router.post(
    "/bson/encode", response_model=BsonOut, tags=["bson"], responses=problem_responses(413, 422)
)
async def bson_encode(body: EncodeIn) -> BsonOut:
    """Encode a document (extended JSON for the special types) and label every byte."""
    try:
        document = from_extended_json(body.document)
        data = encode(document)
        rows = annotate(data)
    except MalformedBson as exc:
        raise refuse(exc) from None
    return bson_out(data, document, rows)


@router.post(
    "/bson/decode", response_model=BsonOut, tags=["bson"], responses=problem_responses(413, 422)
)
async def bson_decode(body: DecodeIn) -> BsonOut:
    """Decode BSON bytes given as hex. Truncated, lying or garbled bytes are refused (422)."""
    try:
        data = from_hex(body.hex)
        document, rows = decode(data)
    except MalformedBson as exc:
        raise refuse(exc) from None
    return bson_out(data, document, rows)


@router.get("/bson/types", response_model=TypesOut, tags=["bson"])
async def bson_types() -> TypesOut:
    """ObjectId, datetime, Decimal128 vs double, int32 vs int64, binary and UUID subtypes."""
    examples = [TypeOut(**vars(e)) for e in showcase()]
    return TypesOut(examples=examples, float_vs_decimal=float_vs_decimal())


@router.get("/objectid", response_model=list[ObjectIdOut], tags=["objectid"])
async def new_objectids(count: Annotated[int, Query(ge=1, le=10)] = 3) -> list[dict[str, Any]]:
    """Fresh ids from this process: the same random part, the counter going up by one."""
    return [anatomy(oid) for oid in fresh(count)]


@router.get(
    "/objectid/{oid}",
    response_model=ObjectIdOut,
    tags=["objectid"],
    responses=problem_responses(422),
)
async def read_objectid(oid: str) -> dict[str, Any]:
    """The three parts of an ObjectId. Anything but 24 hex digits is 422."""
    return anatomy(parse(oid))


def city_out(doc: dict[str, Any]) -> CityOut:
    from bson import ObjectId  # noqa: PLC0415

    _id = doc["_id"]
    created = _id.generation_time.isoformat() if isinstance(_id, ObjectId) else None
    return CityOut(
        id=str(_id),
        id_type=describe_id(_id),
        id_created_at=created,
        name=doc["name"],
        country=doc["country"],
        population=doc["population"],
    )


@router.post(
    "/cities",
    status_code=201,
    response_model=CityOut,
    tags=["documents"],
    responses=problem_responses(409, 413, 422),
)
async def create_city(body: CityIn, db: Db) -> CityOut:
    """Insert a city. Leave out `_id` and the driver makes an ObjectId; send one and it must be unique."""
    city = body.model_dump(exclude={"id"})
    if body.id is not None:
        city = {"_id": id_value(body.id), **city}
    return city_out(await insert_city(db, city))


@router.get(
    "/cities/{city_id}",
    response_model=CityOut,
    tags=["documents"],
    responses=problem_responses(404),
)
async def get_city(city_id: Annotated[str, Path(max_length=64)], db: Db) -> CityOut:
    """A 24-hex-digit id is looked up as an ObjectId, anything else as a string `_id`."""
    return city_out(await find_city(db, city_id))


@router.patch(
    "/cities/{city_id}",
    response_model=CityOut,
    tags=["documents"],
    responses=problem_responses(404, 413, 422),
)
async def patch_city(
    city_id: Annotated[str, Path(max_length=64)], body: CityPatch, db: Db
) -> CityOut:
    """`$set` some fields. `_id` is immutable: sending it is 422 and changes nothing."""
    return city_out(await update_city(db, city_id, body.model_dump(exclude_unset=True)))


@router.get("/indexes", response_model=IndexesOut, tags=["indexes"])
async def indexes(db: Db) -> IndexesOut:
    """The collection's indexes: `_id` (always there, always unique) and `country`."""
    return IndexesOut(
        collection=COLLECTION,
        indexes=[IndexOut(**ix) for ix in await index_list(db)],
        note=(
            "MongoDB names an index after its keys (country_1); the embedded nx-27017 lists "
            "its SQLite names (idx_cities_country)"
        ),
    )


@router.get(
    "/explain", response_model=ExplainOut, tags=["indexes"], responses=problem_responses(422)
)
async def explain(
    db: Db,
    field: Literal["country", "name"] = "country",
    value: Annotated[str, Query(min_length=1, max_length=80)] = "Japan",
) -> ExplainOut:
    """How `find({field: value})` runs: `country` has an index, `name` does not."""
    query = {field: value}
    plan = await explain_find(db[COLLECTION], query)
    return ExplainOut(
        query=query,
        planner=plan.planner,
        uses_index=plan.uses_index,
        index=plan.index,
        stages=plan.stages,
        keys_examined=plan.keys_examined,
        docs_examined=plan.docs_examined,
        returned=plan.returned,
        matching_documents=await db[COLLECTION].count_documents(query),
        note=plan.note,
        raw_plan=to_extended_json({"plan": plan.raw_plan}, canonical=False)["plan"],
    )


def lifespan(db: Any = None) -> Any:
    """Open the lesson's database (or use the one given, in tests), then index and seed it."""

    @contextlib.asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            database = db
            if database is None:  # a PyMongo database has no truth value: compare with None
                database = await stack.enter_async_context(open_mongo(DB_NAME))
            await prepare(database)
            app.state.db = database
            yield

    return run


def create_app(db: Any = None) -> FastAPI:
    """The lesson's app; ``db`` (an ``AsyncDatabase``) replaces the lesson's own, for tests."""
    app = create_service(LESSON, lifespan=lifespan(db))
    app.include_router(router)
    return app
