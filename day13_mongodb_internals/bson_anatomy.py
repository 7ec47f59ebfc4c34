"""BSON byte by byte: a document is a length, a list of typed elements, and a 0x00.

MongoDB stores, sends and indexes documents as BSON (bsonspec.org), not JSON. The ``bson``
package that ships with PyMongo does the real encoding and decoding here; :func:`annotate` walks
the same bytes by hand only to *label* them, so you can see where every byte comes from::

    document ::= int32 length   e_list   0x00
    element  ::= type byte   key (cstring: UTF-8 bytes + 0x00)   value (shape set by the type)

Everything that reads untrusted bytes checks a bound before it reads, and every failure is a
:class:`MalformedBson` naming the offset: a truncated or lying document is refused, never
half-read (the route answers 422, never 500).
"""

from __future__ import annotations

import datetime as dt
import json
import struct
import uuid
from dataclasses import asdict, dataclass
from typing import Any

#: the largest document the lesson encodes or decodes (MongoDB's own limit is 16 MiB; an
#: annotated listing of that would be megabytes of JSON, so the lesson keeps it small)
MAX_BSON_BYTES = 4096
#: how deep documents and arrays may nest (MongoDB allows 100 levels on the server)
MAX_DEPTH = 32

TYPE_NAMES: dict[int, str] = {
    0x01: "double",
    0x02: "string",
    0x03: "document",
    0x04: "array",
    0x05: "binary",
    0x06: "undefined (deprecated)",
    0x07: "ObjectId",
    0x08: "boolean",
    0x09: "UTC datetime",
    0x0A: "null",
    0x0B: "regex",
    0x0C: "DBPointer (deprecated)",
    0x0D: "JavaScript code",
    0x0E: "symbol (deprecated)",
    0x0F: "code with scope (deprecated)",
    0x10: "int32",
    0x11: "timestamp",
    0x12: "int64",
    0x13: "Decimal128",
    0x7F: "max key",
    0xFF: "min key",
}

BINARY_SUBTYPES: dict[int, str] = {
    0x00: "generic",
    0x01: "function",
    0x02: "binary (old)",
    0x03: "UUID (legacy, driver-specific byte order)",
    0x04: "UUID (RFC 9562)",
    0x05: "MD5",
    0x06: "encrypted",
    0x07: "compressed column",
    0x08: "sensitive",
    0x09: "vector",
}


class MalformedBson(ValueError):
    """The bytes are not one well-formed BSON document; ``offset`` is where it went wrong."""

    def __init__(self, reason: str, offset: int | None = None) -> None:
        where = f"at byte {offset}: " if offset is not None else ""
        super().__init__(f"{where}{reason}")
        self.reason = reason
        self.offset = offset


class TooLarge(MalformedBson):
    """Well-formed, perhaps, but bigger than the lesson is willing to take apart."""


@dataclass(frozen=True)
class Row:
    """One labelled run of bytes: where it starts, the bytes in hex, what they mean."""

    offset: int
    hex: str
    depth: int
    meaning: str


def annotate(data: bytes) -> list[Row]:
    """Label every byte of one BSON document; raise :class:`MalformedBson` if it is not one."""
    if len(data) > MAX_BSON_BYTES:
        raise TooLarge(f"{len(data)} bytes; this lesson reads at most {MAX_BSON_BYTES}")
    walker = _Walker(data)
    end = walker.document(0, depth=0, what="document")
    if end != len(data):  # pragma: no cover - document() checks the declared length first
        raise MalformedBson(f"{len(data) - end} bytes after the document's end", end)
    return walker.rows


def listing(rows: list[Row]) -> str:
    """The rows as a hex dump with the meaning beside each run, indented by nesting."""
    lines = []
    for row in rows:
        hexes = " ".join(row.hex[i : i + 2] for i in range(0, len(row.hex), 2))
        if len(hexes) > 36:
            hexes = hexes[:33] + " …"
        lines.append(f"{row.offset:04x}  {'  ' * row.depth}{hexes:<38}{row.meaning}")
    return "\n".join(lines)


def rows_as_dicts(rows: list[Row]) -> list[dict[str, Any]]:
    return [asdict(row) for row in rows]


class _Walker:
    """Reads one document from ``data``, appending a :class:`Row` per labelled run of bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.rows: list[Row] = []

    # -- reading with bounds ------------------------------------------------------------------

    def _take(self, offset: int, size: int, limit: int, what: str) -> bytes:
        if size < 0 or offset + size > limit:
            left = max(limit - offset, 0)
            raise MalformedBson(f"{what} needs {size} bytes, only {left} left", offset)
        return self.data[offset : offset + size]

    def _row(self, offset: int, raw: bytes, depth: int, meaning: str) -> None:
        self.rows.append(Row(offset, raw.hex(), depth, meaning))

    def _cstring(self, offset: int, limit: int, what: str) -> tuple[str, int]:
        """A 0x00-terminated UTF-8 string (keys, regex parts): no length prefix."""
        nul = self.data.find(b"\x00", offset, limit)
        if nul < 0:
            raise MalformedBson(f"{what} has no terminating 0x00", offset)
        try:
            text = self.data[offset:nul].decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedBson(f"{what} is not valid UTF-8", offset) from None
        return text, nul + 1

    def _int32(self, offset: int, limit: int, what: str) -> int:
        return struct.unpack("<i", self._take(offset, 4, limit, what))[0]

    # -- the grammar --------------------------------------------------------------------------

    def document(self, offset: int, depth: int, what: str, limit: int | None = None) -> int:
        """``int32 length, elements…, 0x00``; returns the offset just past it."""
        if depth > MAX_DEPTH:
            raise MalformedBson(f"nested deeper than {MAX_DEPTH} levels", offset)
        limit = len(self.data) if limit is None else limit
        length = self._int32(offset, limit, f"{what} length")
        if length < 5:
            raise MalformedBson(f"{what} length {length} is below the minimum of 5", offset)
        if offset + length > limit:
            left = limit - offset
            raise MalformedBson(f"{what} declares {length} bytes, but only {left} follow", offset)
        if depth == 0 and length != len(self.data):
            raise MalformedBson(f"document declares {length} bytes, but {len(self.data)} given", 0)
        end = offset + length
        self._row(
            offset,
            self.data[offset : offset + 4],
            depth,
            f"{what} length: {length} bytes (int32, little-endian, counts itself)",
        )
        position = offset + 4
        index = 0
        while position < end - 1:
            position = self.element(position, end - 1, depth, array=what == "array", index=index)
            index += 1
        if position != end - 1 or self.data[end - 1] != 0:
            raise MalformedBson(f"{what} does not end with 0x00 at its declared length", end - 1)
        self._row(end - 1, b"\x00", depth, f"end of {what} (0x00)")
        return end

    def element(self, offset: int, limit: int, depth: int, *, array: bool, index: int) -> int:
        kind = self.data[offset]
        name = TYPE_NAMES.get(kind)
        if name is None:
            raise MalformedBson(f"unknown element type 0x{kind:02x}", offset)
        self._row(offset, bytes([kind]), depth, f"type 0x{kind:02x}: {name}")
        key, position = self._cstring(offset + 1, limit, "key")
        note = f" (arrays are documents keyed '0', '1', …; expected '{index}')" if array else ""
        if array and key == str(index):
            note = " (array index, stored as a string key)"
        self._row(offset + 1, self.data[offset + 1 : position], depth, f"key {key!r}{note}")
        return self.value(kind, position, limit, depth)

    def value(self, kind: int, at: int, limit: int, depth: int) -> int:
        fixed = {0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16}
        if kind in fixed:
            raw = self._take(at, fixed[kind], limit, TYPE_NAMES[kind])
            self._row(at, raw, depth, _fixed_meaning(kind, raw, at))
            return at + len(raw)
        if kind in (0x06, 0x0A, 0x7F, 0xFF):
            return at  # the type byte says it all: no value bytes
        if kind in (0x02, 0x0D, 0x0E):
            return self.string(at, limit, depth)
        if kind in (0x03, 0x04):
            return self.document(at, depth + 1, "array" if kind == 0x04 else "document", limit)
        if kind == 0x05:
            return self.binary(at, limit, depth)
        if kind == 0x0B:
            pattern, after = self._cstring(at, limit, "regex pattern")
            flags, end = self._cstring(after, limit, "regex flags")
            self._row(at, self.data[at:end], depth, f"/{pattern}/{flags} (two cstrings)")
            return end
        if kind == 0x0C:
            after = self.string(at, limit, depth)
            raw = self._take(after, 12, limit, "DBPointer id")
            self._row(after, raw, depth, f"DBPointer ObjectId {raw.hex()}")
            return after + 12
        # 0x0F code with scope: int32 total, string, document
        total = self._int32(at, limit, "code-with-scope length")
        if total < 14 or at + total > limit:
            raise MalformedBson(f"code-with-scope length {total} does not fit", at)
        self._row(at, self.data[at : at + 4], depth, f"code with scope: {total} bytes")
        after = self.string(at + 4, at + total, depth)
        end = self.document(after, depth + 1, "scope", at + total)
        if end != at + total:
            raise MalformedBson("code-with-scope length disagrees with its parts", at)
        return end

    def string(self, at: int, limit: int, depth: int) -> int:
        """``int32 n, n-1 UTF-8 bytes, 0x00``: unlike a key, a string value states its length."""
        size = self._int32(at, limit, "string length")
        if size < 1:
            raise MalformedBson(f"string length {size} is below the minimum of 1", at)
        raw = self._take(at + 4, size, limit, "string")
        if raw[-1] != 0:
            raise MalformedBson("string does not end with 0x00", at + 4 + size - 1)
        try:
            text = raw[:-1].decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedBson("string is not valid UTF-8", at + 4) from None
        self._row(at, self.data[at : at + 4], depth, f"string length: {size} (int32, with 0x00)")
        self._row(at + 4, raw, depth, f"{_short(text)!r} + 0x00")
        return at + 4 + size

    def binary(self, at: int, limit: int, depth: int) -> int:
        """``int32 n, subtype byte, n bytes``: the subtype says how to read the bytes."""
        size = self._int32(at, limit, "binary length")
        if size < 0:
            raise MalformedBson(f"binary length {size} is negative", at)
        subtype = self._take(at + 4, 1, limit, "binary subtype")[0]
        raw = self._take(at + 5, size, limit, "binary data")
        kind = BINARY_SUBTYPES.get(subtype, "user-defined" if subtype >= 0x80 else "reserved")
        self._row(at, self.data[at : at + 4], depth, f"binary length: {size} (int32)")
        self._row(at + 4, bytes([subtype]), depth, f"subtype 0x{subtype:02x}: {kind}")
        meaning = f"{size} bytes of data"
        if subtype == 0x04 and size == 16:
            meaning = f"UUID {uuid.UUID(bytes=raw)}"
        self._row(at + 5, raw, depth, meaning)
        return at + 5 + size


def _fixed_meaning(kind: int, raw: bytes, at: int) -> str:
    if kind == 0x01:
        return f"{struct.unpack('<d', raw)[0]!r} (IEEE 754 binary64)"
    if kind == 0x07:
        seconds = int.from_bytes(raw[:4], "big")
        when = dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat()
        counter = int.from_bytes(raw[9:], "big")
        return f"ObjectId {raw.hex()}: made {when}, random {raw[4:9].hex()}, counter {counter}"
    if kind == 0x08:
        if raw[0] not in (0, 1):
            raise MalformedBson(f"boolean byte is 0x{raw[0]:02x}, not 0x00 or 0x01", at)
        return "true" if raw[0] else "false"
    if kind == 0x09:
        millis = struct.unpack("<q", raw)[0]
        return f"{millis} ms since 1970-01-01 UTC ({_iso_millis(millis)})"
    if kind == 0x10:
        return f"{struct.unpack('<i', raw)[0]} (int32)"
    if kind == 0x11:
        increment, seconds = struct.unpack("<II", raw)
        return f"timestamp: {seconds} s, increment {increment} (replication's clock)"
    if kind == 0x12:
        return f"{struct.unpack('<q', raw)[0]} (int64)"
    from bson.decimal128 import Decimal128  # noqa: PLC0415

    return f"Decimal128 {Decimal128.from_bid(raw)} (IEEE 754-2008 decimal, 34 digits)"


def _iso_millis(millis: int) -> str:
    try:
        moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(milliseconds=millis)
    except OverflowError:
        return "outside Python's datetime range"
    return moment.isoformat(timespec="milliseconds")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the real codec: PyMongo's bson ---------------------------------------------------------


def codec_options() -> Any:
    """How the lesson decodes: UTC-aware datetimes, RFC 9562 UUIDs, out-of-range dates kept."""
    from bson.binary import UuidRepresentation  # noqa: PLC0415
    from bson.codec_options import CodecOptions, DatetimeConversion  # noqa: PLC0415

    return CodecOptions(
        tz_aware=True,
        tzinfo=dt.UTC,
        uuid_representation=UuidRepresentation.STANDARD,
        # a date past year 9999 is valid BSON but no Python datetime: keep it as DatetimeMS
        datetime_conversion=DatetimeConversion.DATETIME_AUTO,
    )


def json_options(*, canonical: bool) -> Any:
    from bson import json_util  # noqa: PLC0415
    from bson.binary import UuidRepresentation  # noqa: PLC0415

    base = json_util.CANONICAL_JSON_OPTIONS if canonical else json_util.RELAXED_JSON_OPTIONS
    return base.with_options(
        tz_aware=True, tzinfo=dt.UTC, uuid_representation=UuidRepresentation.STANDARD
    )


def from_extended_json(document: dict[str, Any]) -> dict[str, Any]:
    """JSON with ``{"$oid": …}``, ``{"$date": …}``, ``{"$numberDecimal": …}`` → BSON values."""
    from bson import json_util  # noqa: PLC0415
    from bson.errors import BSONError  # noqa: PLC0415

    check_depth(document)
    try:
        return json_util.loads(json.dumps(document), json_options=json_options(canonical=False))
    except (BSONError, ValueError, TypeError, KeyError, ArithmeticError) as exc:
        raise MalformedBson(f"not valid extended JSON: {_reason(exc)}") from None


def to_extended_json(document: Any, *, canonical: bool) -> Any:
    """BSON values → plain JSON: relaxed (``5``, ISO dates) or canonical (``{"$numberInt"…}``)."""
    from bson import json_util  # noqa: PLC0415

    return json.loads(json_util.dumps(document, json_options=json_options(canonical=canonical)))


def encode(document: dict[str, Any]) -> bytes:
    """The real encoder; refuses what BSON cannot hold (ints past int64, NUL in keys…)."""
    import bson  # noqa: PLC0415
    from bson.errors import BSONError  # noqa: PLC0415

    try:
        data = bson.encode(document, codec_options=codec_options())
    except (BSONError, ValueError, TypeError, ArithmeticError) as exc:
        raise MalformedBson(f"cannot be encoded as BSON: {_reason(exc)}") from None
    if len(data) > MAX_BSON_BYTES:
        raise TooLarge(f"encodes to {len(data)} bytes; the lesson allows {MAX_BSON_BYTES}")
    return data


def from_hex(text: str) -> bytes:
    """Hex digits (spaces and newlines allowed, as in a dump) → bytes."""
    digits = "".join(text.split())
    if len(digits) > 2 * MAX_BSON_BYTES:
        raise TooLarge(f"{len(digits) // 2} bytes; this lesson reads at most {MAX_BSON_BYTES}")
    if len(digits) % 2:
        raise MalformedBson(f"an odd number of hex digits ({len(digits)}): bytes are two each")
    try:
        return bytes.fromhex(digits)
    except ValueError:
        raise MalformedBson("not hexadecimal: use the digits 0-9 and a-f only") from None


def decode(data: bytes) -> tuple[dict[str, Any], list[Row]]:
    """Check and label the bytes by hand, then decode them with the real decoder."""
    import bson  # noqa: PLC0415
    from bson.errors import BSONError  # noqa: PLC0415

    rows = annotate(data)
    try:
        document = bson.decode(data, codec_options=codec_options())
    except (BSONError, ValueError, OverflowError) as exc:  # what the walk does not check
        raise MalformedBson(f"the bson decoder refused it: {_reason(exc)}") from None
    return document, rows


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    """Refuse deep nesting before any recursive code (json, bson) sees it."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list) and depth > limit:
            raise MalformedBson(f"nested deeper than {limit} levels")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return _short(text, 160)
