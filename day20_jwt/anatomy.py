"""A JWT taken apart by hand — and why reading it proves nothing.

A compact JWT is ``BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)``. The first
two parts are JSON that *anyone* can read and anyone can write: base64url is an encoding, not
encryption, and not protection. Only the signature, checked with **our** key
(``shared/tokens.py:verify``), says the header and payload are ours and unchanged.

So this module decodes without trusting anything: it never looks at a key, never checks a
claim, and everything it returns is labelled unverified. Use it to *look* at a token (the
``POST /tokens/inspect`` endpoint), never to decide who the caller is.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: the longest token we are willing to decode at all; ours are about 400 characters
MAX_TOKEN_CHARS = 4096
WARNING = (
    "Decoded, NOT verified: anyone can write a header and payload like these. "
    "Only a signature checked with the server's key makes them trustworthy."
)
# base64url (RFC 4648 §5) without padding: letters, digits, '-' and '_'. Anything else —
# '+', '/', '=', spaces — means the token was not produced by a JWT library.
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_TIME_CLAIMS = ("iat", "nbf", "exp")


class MalformedToken(ValueError):
    """The text is not a compact JWT; the message says which part is wrong."""


@dataclass(frozen=True)
class Anatomy:
    """The three parts of a token, decoded; none of it verified."""

    parts: dict[str, str]
    header: dict[str, Any]
    payload: dict[str, Any]
    signature: bytes
    #: what the signature covers: the first two parts *as sent*, dot included
    signing_input: str

    @property
    def times(self) -> dict[str, str]:
        """``iat``/``nbf``/``exp`` (seconds since 1970, RFC 7519 §2 NumericDate) as UTC dates."""
        shown = {}
        for claim in _TIME_CLAIMS:
            value = self.payload.get(claim)
            if isinstance(value, int | float) and not isinstance(value, bool):
                try:
                    shown[claim] = datetime.fromtimestamp(value, UTC).isoformat()
                except (OverflowError, OSError, ValueError):
                    shown[claim] = "out of range"
        return shown


def b64url_decode(segment: str) -> bytes:
    """Base64url without padding → bytes. JWTs drop the ``=`` padding; put it back first."""
    if not _BASE64URL.fullmatch(segment):
        raise MalformedToken("not base64url: only A-Z a-z 0-9 - _ are allowed, no padding")
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        # e.g. a length of 4n+1 characters cannot encode any whole number of bytes
        raise MalformedToken("not base64url: impossible length") from None


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def split(token: str) -> tuple[str, str, str]:
    """The three dot-separated parts. A JWE (five parts) or a bare JSON blob is refused."""
    if len(token) > MAX_TOKEN_CHARS:
        # Bound the work before doing any: decoding is cheap, but not free at 10 MB.
        raise MalformedToken(f"longer than {MAX_TOKEN_CHARS} characters")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise MalformedToken(f"a JWT has 3 dot-separated parts, this has {len(parts)}")
    header, payload, signature = parts
    return header, payload, signature


def json_object(segment: str, name: str) -> dict[str, Any]:
    """Decode one part to a JSON object; reject NaN, Infinity and absurd nesting."""
    raw = b64url_decode(segment)
    try:
        value = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MalformedToken(f"the {name} is not JSON") from None
    if not isinstance(value, dict):
        raise MalformedToken(f"the {name} is JSON but not an object")
    return value


def inspect(token: str) -> Anatomy:
    """Take ``token`` apart. Raises MalformedToken; never checks a signature or a claim."""
    header_part, payload_part, signature_part = split(token)
    return Anatomy(
        parts={"header": header_part, "payload": payload_part, "signature": signature_part},
        header=json_object(header_part, "header"),
        payload=json_object(payload_part, "payload"),
        signature=b64url_decode(signature_part),
        signing_input=f"{header_part}.{payload_part}",
    )


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value
