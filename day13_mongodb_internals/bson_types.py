"""The types JSON lacks: what BSON adds, byte for byte, and what each costs or fixes.

JSON has one number type, no dates, no binary and no ids. BSON has int32 *and* int64, doubles
*and* Decimal128, UTC datetimes, binary with subtypes (UUIDs among them) and the 12-byte
ObjectId. Each example below is encoded by the real ``bson`` package as ``{"v": value}``, so
the bytes shown are exactly the value's bytes in a stored document.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from day13_mongodb_internals.bson_anatomy import TYPE_NAMES, encode, to_extended_json

#: a fixed moment (with microseconds) so the examples are the same on every run
MOMENT = dt.datetime(2024, 3, 14, 15, 9, 26, 535897, tzinfo=dt.UTC)
#: a fixed UUID, so its two binary subtypes can be compared byte by byte
SAMPLE_UUID = uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")
#: 2**53 + 1: the first integer a JavaScript number (a double) cannot hold
PAST_JS_SAFE = 2**53 + 1


@dataclass(frozen=True)
class TypeExample:
    name: str
    python: str
    type_byte: str
    bson_type: str
    value_hex: str
    canonical: Any
    relaxed: Any
    note: str


def value_bytes(value: Any) -> tuple[int, bytes]:
    """(type byte, value bytes) of ``value`` as stored under the key ``"v"``."""
    data = encode({"v": value})
    # 4 length bytes, 1 type byte, "v\x00", the value, the document's closing 0x00
    return data[4], data[7:-1]


def example(name: str, value: Any, note: str) -> TypeExample:
    kind, raw = value_bytes(value)
    return TypeExample(
        name=name,
        python=repr(value),
        type_byte=f"0x{kind:02x}",
        bson_type=TYPE_NAMES[kind],
        value_hex=raw.hex(),
        canonical=to_extended_json({"v": value}, canonical=True)["v"],
        relaxed=to_extended_json({"v": value}, canonical=False)["v"],
        note=note,
    )


def showcase() -> list[TypeExample]:
    """Every type JSON lacks, with the note that says why it matters."""
    from bson import Binary, Decimal128, Int64, ObjectId  # noqa: PLC0415
    from bson.binary import UuidRepresentation  # noqa: PLC0415

    oid = ObjectId.from_datetime(MOMENT)  # zero random part and counter: only the time is set
    return [
        example(
            "ObjectId",
            oid,
            "12 bytes: 4-byte big-endian seconds, 5 random bytes per process, a 3-byte counter; "
            "the default _id, made by the driver, sortable by creation time",
        ),
        example(
            "datetime",
            MOMENT,
            "int64 milliseconds since 1970 UTC: microseconds are cut (535897 µs → 535 ms) "
            "and no time zone is stored",
        ),
        example(
            "double (0.1 + 0.2)",
            0.1 + 0.2,
            "IEEE 754 binary64, JSON's only number: 0.1 + 0.2 is not 0.3",
        ),
        example(
            "Decimal128 (0.1 + 0.2)",
            Decimal128(Decimal("0.1") + Decimal("0.2")),
            "IEEE 754-2008 decimal128, 16 bytes, 34 decimal digits: 0.1 + 0.2 is exactly 0.3 "
            "(use it for money)",
        ),
        example("int32", 5, "a Python int that fits in 32 bits is written as 4 bytes"),
        example("int64 (forced)", Int64(5), "Int64 asks for 8 bytes even for a small number"),
        example(
            "int64 (past 2**53)",
            PAST_JS_SAFE,
            "too big for int32, so 8 bytes; as a JSON number a JavaScript client would read "
            "9007199254740992 — extended JSON keeps it as a string",
        ),
        example("binary (generic)", Binary(b"\x00\xffhi", 0), "raw bytes, subtype 0x00"),
        example(
            "UUID (subtype 4)",
            Binary.from_uuid(SAMPLE_UUID, UuidRepresentation.STANDARD),
            "16 bytes in RFC 9562 order: every driver reads it the same way",
        ),
        example(
            "UUID (legacy subtype 3)",
            Binary.from_uuid(SAMPLE_UUID, UuidRepresentation.PYTHON_LEGACY),
            "the old subtype: its byte order differed between drivers (Java and C# swapped it), "
            "so new data uses subtype 4",
        ),
    ]


def float_vs_decimal() -> dict[str, Any]:
    """0.1 + 0.2 as doubles and as decimals, and what each becomes in BSON."""
    from bson import Decimal128  # noqa: PLC0415

    as_float = 0.1 + 0.2
    as_decimal = Decimal128(Decimal("0.1") + Decimal("0.2"))
    return {
        "double": repr(as_float),
        "double_equals_0.3": as_float == 0.3,
        "decimal128": str(as_decimal),
        "decimal128_equals_0.3": as_decimal == Decimal128("0.3"),
    }


def int_width(number: int) -> str:
    """Which BSON integer type the driver picks for ``number`` (or why it cannot)."""
    if -(2**31) <= number < 2**31:
        return "int32"
    if -(2**63) <= number < 2**63:
        return "int64"
    return "too big for BSON (the driver refuses anything past int64)"
