"""The types JSON lacks, each with the bytes the real bson package writes for it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import bson
import pytest
from bson import Decimal128, Int64

from day13_mongodb_internals.bson_types import (
    MOMENT,
    PAST_JS_SAFE,
    SAMPLE_UUID,
    float_vs_decimal,
    int_width,
    showcase,
    value_bytes,
)


def by_name() -> dict:
    return {ex.name: ex for ex in showcase()}


def test_0_1_plus_0_2_is_exact_only_as_decimal128():
    sums = float_vs_decimal()
    assert sums == {
        "double": "0.30000000000000004",
        "double_equals_0.3": False,
        "decimal128": "0.3",
        "decimal128_equals_0.3": True,
    }
    examples = by_name()
    assert examples["double (0.1 + 0.2)"].type_byte == "0x01"
    assert examples["double (0.1 + 0.2)"].relaxed == 0.30000000000000004
    decimal = examples["Decimal128 (0.1 + 0.2)"]
    assert (decimal.type_byte, len(decimal.value_hex)) == ("0x13", 32)  # 16 bytes
    assert decimal.canonical == {"$numberDecimal": "0.3"}


def test_datetime_is_utc_milliseconds_and_microseconds_are_cut():
    kind, raw = value_bytes(MOMENT)
    millis = int.from_bytes(raw, "little", signed=True)
    assert kind == 0x09 and len(raw) == 8
    assert millis == int(MOMENT.timestamp() * 1000)
    back = bson.decode(bson.encode({"v": MOMENT}), bson.CodecOptions(tz_aware=True))["v"]
    assert back.microsecond == 535_000 != MOMENT.microsecond
    assert back.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("value", "type_byte", "size"),
    [
        (5, 0x10, 4),
        (2**31 - 1, 0x10, 4),
        (2**31, 0x12, 8),
        (Int64(5), 0x12, 8),
        (-(2**40), 0x12, 8),
    ],
)
def test_int32_vs_int64(value, type_byte, size):
    kind, raw = value_bytes(value)
    assert (kind, len(raw)) == (type_byte, size)
    if not isinstance(value, Int64):  # a plain int: the driver picks the width from its size
        assert int_width(value) == ("int32" if type_byte == 0x10 else "int64")


def test_past_int64_is_refused_and_extended_json_keeps_big_ints_exact():
    assert int_width(2**63).startswith("too big")
    with pytest.raises(OverflowError):
        bson.encode({"v": 2**63})
    example = by_name()["int64 (past 2**53)"]
    assert example.canonical == {"$numberLong": str(PAST_JS_SAFE)}
    assert float(PAST_JS_SAFE) != PAST_JS_SAFE  # what a JavaScript number would do to it


def test_binary_subtypes_and_the_two_uuid_byte_orders():
    examples = by_name()
    generic = examples["binary (generic)"]
    assert generic.value_hex == "040000000000ff6869"  # length, subtype 0, bytes
    standard, legacy = examples["UUID (subtype 4)"], examples["UUID (legacy subtype 3)"]
    assert standard.value_hex[8:10] == "04" and legacy.value_hex[8:10] == "03"
    assert standard.value_hex[10:] == SAMPLE_UUID.bytes.hex()  # RFC order, as written
    assert standard.canonical == {
        "$binary": {"base64": "ABEiM0RVZneImaq7zN3u/w==", "subType": "04"}
    }


def test_objectid_example_carries_its_time():
    oid = by_name()["ObjectId"]
    assert oid.type_byte == "0x07" and len(oid.value_hex) == 24
    assert int(oid.value_hex[:8], 16) == int(MOMENT.timestamp())


async def test_types_endpoint_and_extended_json_input(client):
    r = await client.get("/bson/types")
    assert r.status_code == 200
    names = [ex["name"] for ex in r.json()["examples"]]
    assert {"ObjectId", "datetime", "Decimal128 (0.1 + 0.2)", "int32", "UUID (subtype 4)"} <= set(
        names
    )
    assert r.json()["float_vs_decimal"]["decimal128"] == "0.3"

    document = {
        "price": {"$numberDecimal": "19.99"},
        "big": {"$numberLong": "5"},
        "small": 5,
        "when": {"$date": "2024-03-14T15:09:26.535Z"},
        "id": {"$oid": "65f313260000000000000000"},
        "u": {"$uuid": str(SAMPLE_UUID)},
    }
    r = await client.post("/bson/encode", json={"document": document})
    assert r.status_code == 200, r.text
    canonical = r.json()["canonical"]
    assert canonical["price"] == {"$numberDecimal": "19.99"}
    assert canonical["big"] == {"$numberLong": "5"} and canonical["small"] == {"$numberInt": "5"}
    assert canonical["u"]["$binary"]["subType"] == "04"
    types = [row["meaning"] for row in r.json()["rows"] if row["meaning"].startswith("type ")]
    assert types == [
        "type 0x13: Decimal128",
        "type 0x12: int64",
        "type 0x10: int32",
        "type 0x09: UTC datetime",
        "type 0x07: ObjectId",
        "type 0x05: binary",
    ]
    decoded = bson.decode(bytes.fromhex(r.json()["hex"]))
    assert decoded["price"] == Decimal128(Decimal("19.99"))
