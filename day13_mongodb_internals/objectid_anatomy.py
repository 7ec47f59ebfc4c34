"""An ObjectId is 12 bytes the *driver* makes: a timestamp, a per-process random value, a counter.

    6 6 0 2 f 1 a 0 | 9 a 3 b 5 c 7 d 1 e | 0 0 0 0 2 a
    seconds (4, BE) | random (5, per process) | counter (3, BE, +1 per id)

Because the first four bytes are the creation time, ids made later sort later (to the second),
and an index on ``_id`` gets mostly right-hand inserts. The random part and the counter make
ids unique without asking the server: PyMongo fills in ``_id`` before the insert is even sent.
It is not a secret and not unguessable — never use one as a password-reset token.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shared.errors import DomainError


class InvalidObjectId(DomainError):
    status = 422
    type = "/problems/invalid-objectid"
    title = "Not an ObjectId"


def parse(text: str) -> Any:
    """``text`` as an ObjectId: exactly 24 hex digits, else :class:`InvalidObjectId`."""
    from bson import ObjectId  # noqa: PLC0415

    if not ObjectId.is_valid(text) or len(text) != 24:
        shown = text if len(text) <= 40 else text[:37] + "…"
        raise InvalidObjectId(f"{shown!r} is not an ObjectId: it must be 24 hexadecimal digits")
    return ObjectId(text)


def anatomy(oid: Any) -> dict[str, Any]:
    """The three parts of an ObjectId, read from its bytes."""
    raw: bytes = oid.binary
    seconds = int.from_bytes(raw[:4], "big")
    return {
        "oid": str(oid),
        "timestamp": seconds,
        "generated_at": dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(),
        "random": raw[4:9].hex(),
        "counter": int.from_bytes(raw[9:], "big"),
        "parts": [
            {"bytes": raw[:4].hex(), "meaning": "seconds since 1970 UTC (big-endian)"},
            {"bytes": raw[4:9].hex(), "meaning": "random, chosen once per process"},
            {"bytes": raw[9:].hex(), "meaning": "counter, +1 for each id (big-endian)"},
        ],
    }


def fresh(count: int) -> list[Any]:
    """``count`` new ids from this process: same random part, consecutive counters."""
    from bson import ObjectId  # noqa: PLC0415

    return [ObjectId() for _ in range(count)]
