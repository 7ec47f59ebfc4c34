"""``python -m day13_mongodb_internals demo``: MongoDB's model narrated, from bytes to query plans.

It runs against the lesson's database (the embedded nx-27017 unless ``MONGODB_URL`` is set),
in a scratch collection it drops at the end, and exits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

from day13_mongodb_internals.bson_anatomy import MalformedBson, annotate, decode, encode, listing
from day13_mongodb_internals.bson_types import float_vs_decimal, showcase
from day13_mongodb_internals.documents import COUNTRIES, seed_documents
from day13_mongodb_internals.objectid_anatomy import anatomy, fresh
from day13_mongodb_internals.query_plans import PlanSummary, explain_find

DB_NAME = "day13_mongodb_internals"


def main(argv: list[str]) -> int:
    print("Day 13 · MongoDB internals\n")
    bson_bytes()
    types_json_lacks()
    objectids()
    return asyncio.run(on_the_server())


def bson_bytes() -> None:
    print("1. BSON byte by byte: length, typed elements, 0x00")
    document = {"name": "Ada", "born": dt.datetime(1815, 12, 10, tzinfo=dt.UTC), "n": 5}
    data = encode(document)
    print(f"  {document!r}\n  encodes to {len(data)} bytes:\n")
    print(_indent(listing(annotate(data)), 4))
    print("\n  Refused, never half-read:")
    for label, bad in (
        ("the last byte cut off", data[:-1]),
        ("a type byte that does not exist", data[:4] + b"\x99" + data[5:]),
        ("a string length that lies", data[:10] + b"\xff\x00\x00\x00" + data[14:]),
    ):
        try:
            decode(bad)
        except MalformedBson as exc:
            print(f"    {label:<34} → {exc}")
    print()


def types_json_lacks() -> None:
    print("2. The types JSON lacks (each stored as {'v': value})")
    for ex in showcase():
        print(f"  {ex.name:<24} {ex.type_byte} {ex.bson_type:<13} {_clip(ex.value_hex, 34)}")
        print(f"  {'':<24} {ex.note}")
    sums = float_vs_decimal()
    print(
        f"\n  0.1 + 0.2 as doubles = {sums['double']} (== 0.3? {sums['double_equals_0.3']}); "
        f"as Decimal128 = {sums['decimal128']} (== 0.3? {sums['decimal128_equals_0.3']})\n"
    )


def objectids() -> None:
    print("3. An ObjectId is made by the driver: seconds | random per process | counter")
    for oid in fresh(3):
        parts = anatomy(oid)
        print(
            f"  {parts['oid']}  made {parts['generated_at']}  random {parts['random']}  "
            f"counter {parts['counter']}"
        )
    print()


async def on_the_server() -> int:
    from pymongo.errors import DuplicateKeyError, OperationFailure  # noqa: PLC0415

    from shared.backends import choose  # noqa: PLC0415
    from shared.mongo import open_mongo  # noqa: PLC0415

    print(f"4. Documents and _id, on {choose('mongo').using}")
    async with open_mongo(DB_NAME) as db:
        scratch = db[f"demo_{uuid.uuid4().hex[:8]}"]
        try:
            city: dict[str, Any] = {"name": "Lima", "country": "Peru", "population": 10_000_000}
            await scratch.insert_one(city)
            print(f"  insert_one without _id: the driver added _id = {city['_id']!r}")
            try:
                await scratch.insert_one({"_id": city["_id"], "name": "Lima again"})
            except DuplicateKeyError as exc:
                print(f"  the same _id again: DuplicateKeyError, code {exc.code} (unique)")
            try:
                await scratch.update_one({"_id": city["_id"]}, {"$set": {"_id": "lima"}})
                print(
                    "  $set on _id: accepted — the embedded nx-27017 differs here; a real "
                    "MongoDB answers error 66, ImmutableField"
                )
            except OperationFailure as exc:
                print(f"  $set on _id: refused, code {exc.code} (immutable)")

            print("\n5. Indexes and how a query uses them (explain)")
            await scratch.insert_many(seed_documents())
            await scratch.create_index("country")
            per_country = len(seed_documents()) // len(COUNTRIES)
            print(f"  {len(seed_documents())} cities, {per_country} per country; index on country")
            for query in ({"country": "Japan"}, {"name": "City 007"}):
                plan = await explain_find(scratch, query)
                print(f"  find({query}):")
                print(_indent(_plan_lines(plan), 4))
            if plan.planner == "sqlite":
                print(f"  Note: {plan.note}")
        finally:
            await scratch.drop()
    print("\n6. WiredTiger, the storage engine under all this: see the README's last section.")
    return 0


def _plan_lines(plan: PlanSummary) -> str:
    index = f"index {plan.index}" if plan.uses_index else "no index: a full scan"
    lines = [f"{plan.planner} plan: {' → '.join(plan.stages)}", index]
    if plan.docs_examined is not None:
        lines.append(
            f"keys examined {plan.keys_examined}, documents examined {plan.docs_examined}, "
            f"returned {plan.returned}"
        )
    return "\n".join(lines)


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
