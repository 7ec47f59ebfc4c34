"""A stored hash carries everything needed to check a password again — except the password.

Argon2 uses the PHC string format; bcrypt the older "modular crypt" format::

    $argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$9H0...    (salt and hash: base64, no padding)
    $2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy     (22 salt + 31 hash chars)

The salt is random per hash and stored in the clear: it is not a secret. Its job is to make
every hash unique, so an attacker with a stolen table cannot crack everyone at once (one guess
would otherwise test every user who chose that password) or use precomputed tables.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

# bcrypt's own base64 alphabet (./A-Za-z0-9) mapped onto the standard one (A-Za-z0-9+/).
_BCRYPT64 = str.maketrans(
    "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
)
_PHC = re.compile(
    r"\$(?P<scheme>argon2id|argon2i|argon2d)\$v=(?P<version>\d+)"
    r"\$(?P<params>[a-z]=\d+(?:,[a-z]=\d+)*)\$(?P<salt>[A-Za-z0-9+/]+)\$(?P<digest>[A-Za-z0-9+/]+)"
)
_BCRYPT = re.compile(
    r"\$(?P<variant>2[abxy]?)\$(?P<cost>\d\d)\$(?P<salt>[./A-Za-z0-9]{22})(?P<digest>[./A-Za-z0-9]{31})"
)


@dataclass(frozen=True)
class HashInfo:
    """One stored hash, taken apart. ``params`` are the cost settings it was made with."""

    scheme: str  # "argon2id", "bcrypt"
    version: str  # Argon2 "19" (= 0x13, v1.3); bcrypt "2b"
    params: dict[str, int]  # {"m": 19456, "t": 2, "p": 1} or {"cost": 10}
    salt: bytes
    digest: bytes

    def describe(self) -> str:
        settings = ",".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.scheme} {settings}"


def parse(stored: str) -> HashInfo:
    """Split an Argon2 PHC string or a bcrypt hash into its parts; ``ValueError`` if neither."""
    if match := _PHC.fullmatch(stored):
        params = dict(item.split("=") for item in match["params"].split(","))
        return HashInfo(
            scheme=match["scheme"],
            version=match["version"],
            params={key: int(value) for key, value in params.items()},
            salt=_b64(match["salt"]),
            digest=_b64(match["digest"]),
        )
    if match := _BCRYPT.fullmatch(stored):
        return HashInfo(
            scheme="bcrypt",
            version=match["variant"],
            params={"cost": int(match["cost"])},
            # 22 characters carry 16 bytes of salt; 31 carry the 23 bytes bcrypt keeps of its hash.
            salt=_b64(match["salt"].translate(_BCRYPT64))[:16],
            digest=_b64(match["digest"].translate(_BCRYPT64))[:23],
        )
    raise ValueError("not an Argon2 PHC string or a bcrypt hash")


def _b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))
