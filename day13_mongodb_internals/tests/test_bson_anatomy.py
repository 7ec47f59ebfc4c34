"""BSON byte by byte, and malformed bytes refused with a 422 that names the offset."""

from __future__ import annotations

import random
import struct

import bson
import pytest

from day13_mongodb_internals.bson_anatomy import (
    MAX_BSON_BYTES,
    MAX_DEPTH,
    MalformedBson,
    TooLarge,
    annotate,
    decode,
    encode,
    listing,
)

from .conftest import assert_problem

ADA = {"name": "Ada", "n": 5}
# {"name": "Ada", "n": 5}: 4 length + (1 + 5 + 4 + 4) string + (1 + 2 + 4) int32 + 1 = 26
ADA_HEX = "1a000000026e616d65000400000041646100106e000500000000"


def test_a_document_is_a_length_typed_elements_and_a_trailing_zero():
    data = encode(ADA)
    assert data.hex() == ADA_HEX == bson.encode(ADA).hex()
    rows = annotate(data)
    first, last = rows[0], rows[-1]
    assert (first.offset, first.hex) == (0, "1a000000")
    assert "26 bytes" in first.meaning and "little-endian" in first.meaning
    assert (last.offset, last.hex, last.meaning) == (25, "00", "end of document (0x00)")
    meanings = [row.meaning for row in rows]
    assert meanings[1:6] == [
        "type 0x02: string",
        "key 'name'",  # a cstring: the UTF-8 bytes and a 0x00, no length
        "string length: 4 (int32, with 0x00)",  # a string *value* states its length
        "'Ada' + 0x00",
        "type 0x10: int32",
    ]
    # Every byte is labelled exactly once, in order.
    assert "".join(row.hex for row in rows) == ADA_HEX
    assert listing(rows).splitlines()[0].startswith("0000  1a 00 00 00")


def test_nested_documents_and_arrays_are_documents_inside_documents():
    rows = annotate(encode({"tags": ["a", "b"], "sub": {"x": True}}))
    assert any(r.depth == 1 and r.meaning.startswith("array length") for r in rows)
    assert any(r.meaning == "key '0' (array index, stored as a string key)" for r in rows)
    assert [r.meaning for r in rows if r.meaning.startswith("end of")] == [
        "end of array (0x00)",
        "end of document (0x00)",
        "end of document (0x00)",
    ]


async def test_encode_and_decode_over_http_round_trip(client):
    r = await client.post("/bson/encode", json={"document": ADA})
    assert r.status_code == 200
    body = r.json()
    assert body["hex"] == ADA_HEX and body["size"] == 26
    assert body["rows"][0] == {
        "offset": 0,
        "hex": "1a000000",
        "depth": 0,
        "meaning": "document length: 26 bytes (int32, little-endian, counts itself)",
    }
    back = await client.post(
        "/bson/decode", json={"hex": " ".join(ADA_HEX[i : i + 2] for i in range(0, 52, 2))}
    )
    assert back.status_code == 200
    assert back.json()["relaxed"] == ADA
    assert back.json()["canonical"] == {"name": "Ada", "n": {"$numberInt": "5"}}


@pytest.mark.parametrize(
    ("hex_", "reason"),
    [
        (ADA_HEX[:-2], "document declares 26 bytes, but only 25 follow"),  # truncated
        (ADA_HEX + "00", "document declares 26 bytes, but 27 given"),  # trailing garbage
        ("1a000000", "document declares 26 bytes, but only 4 follow"),
        ("0400000000", "document length 4 is below the minimum of 5"),
        ("0500000001", "document does not end with 0x00 at its declared length"),
        (ADA_HEX[:8] + "99" + ADA_HEX[10:], "unknown element type 0x99"),
        (ADA_HEX[:20] + "ff000000" + ADA_HEX[28:], "string needs 255 bytes, only 11 left"),
        (ADA_HEX[:28] + "ff" + ADA_HEX[30:], "string is not valid UTF-8"),
        ("090000000861000200", "boolean byte is 0x02, not 0x00 or 0x01"),
        ("0800000002610000", "string length needs 4 bytes, only 0 left"),
    ],
)
def test_malformed_bytes_are_refused_with_the_reason(hex_, reason):
    with pytest.raises(MalformedBson) as caught:
        decode(bytes.fromhex(hex_))
    assert caught.value.reason == reason
    assert caught.value.offset is not None


async def test_malformed_bson_is_a_422_problem_naming_the_offset(client):
    r = await client.post("/bson/decode", json={"hex": ADA_HEX[:-2]})
    body = assert_problem(r, 422, "/problems/malformed-bson")
    assert body["offset"] == 0 and "only 25 follow" in body["detail"]
    for bad, words in (("zz", "not hexadecimal"), ("abc", "odd number"), ("00", "needs 4 bytes")):
        body = assert_problem(await client.post("/bson/decode", json={"hex": bad}), 422)
        assert words in body["detail"]
    # The walk accepts it, the real decoder does not (a UUID subtype must hold 16 bytes):
    # still a 422, never a 500.
    short_uuid = bson.encode({"u": bson.Binary(b"abc", 0)}).replace(
        b"\x03\x00\x00\x00\x00", b"\x03\x00\x00\x00\x04"
    )
    annotate(short_uuid)
    body = assert_problem(await client.post("/bson/decode", json={"hex": short_uuid.hex()}), 422)
    assert "the bson decoder refused it" in body["detail"]


async def test_random_damage_never_gets_a_500(client):
    """Flip and cut bytes of a rich document: every answer is 200 or a 422 problem."""
    data = bytearray(
        encode({"s": "é", "d": {"a": [1, 2.5, None, True]}, "b": bson.Binary(b"xy", 4), "n": 7})
    )
    rng = random.Random(13)
    statuses = set()
    for _ in range(150):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cut = bytes(damaged[: rng.randint(0, len(damaged))] if rng.random() < 0.3 else damaged)
        r = await client.post("/bson/decode", json={"hex": cut.hex()})
        statuses.add(r.status_code)
        if r.status_code != 200:
            assert_problem(r, 422)
    assert statuses <= {200, 422} and 422 in statuses


async def test_sizes_and_depth_are_bounded(client):
    big = {"s": "x" * MAX_BSON_BYTES}
    body = assert_problem(
        await client.post("/bson/encode", json={"document": big}),
        413,
        "/problems/document-too-large",
    )
    assert body["limit"] == MAX_BSON_BYTES
    with pytest.raises(TooLarge):
        annotate(b"\x00" * (MAX_BSON_BYTES + 1))
    too_big = "00" * (MAX_BSON_BYTES + 1)
    assert_problem(await client.post("/bson/decode", json={"hex": too_big}), 413)
    too_long = "0" * (3 * MAX_BSON_BYTES + 1)  # room for spaces between bytes, no more
    body = assert_problem(await client.post("/bson/decode", json={"hex": too_long}), 422)
    assert body["errors"][0]["type"] == "string_too_long"
    # The shared body limit (1 MB) answers before any handler reads the body.
    r = await client.post(
        "/bson/encode",
        content=b'{"document": {"s": "' + b"x" * 1_100_000 + b'"}}',
        headers={"content-type": "application/json"},
    )
    assert_problem(r, 413)
    deep: dict = {}
    for _ in range(MAX_DEPTH + 2):
        deep = {"d": deep}
    body = assert_problem(await client.post("/bson/encode", json={"document": deep}), 422)
    assert "nested deeper" in body["detail"]


async def test_what_bson_cannot_hold_is_refused(client):
    for document, words in (
        ({"n": 2**63}, "8-byte ints"),
        ({"a\u0000b": 1}, "cannot be encoded"),
        ({"id": {"$oid": "not-hex"}}, "not valid extended JSON"),
        ({"d": {"$numberDecimal": {"nested": 1}}}, "not valid extended JSON"),
    ):
        body = assert_problem(await client.post("/bson/encode", json={"document": document}), 422)
        assert words in body["detail"], body
    for bad_body in ({"document": {}, "extra": 1}, {"doc": {}}, {"document": [1, 2]}, {}):
        assert_problem(await client.post("/bson/encode", json=bad_body), 422)
    assert_problem(await client.post("/bson/decode", json={"hex": ADA_HEX, "x": 1}), 422)


def test_the_int32_length_is_little_endian():
    data = encode({"s": "x" * 300})
    assert struct.unpack("<i", data[:4])[0] == len(data) == 313
    assert data[:2] == bytes([313 % 256, 313 // 256])  # 0x39 0x01: low byte first
