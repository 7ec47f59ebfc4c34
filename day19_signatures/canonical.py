"""The canonical request: the one string both sides build, byte for byte, and then sign.

A signature covers bytes, not meaning. Client and server must therefore agree on exactly which
bytes describe a request — the same job as AWS SigV4's "canonical request", Stripe's
``timestamp.body`` and RFC 9421's "signature base". Ours is eight lines joined by ``\\n``::

    DAY19-HMAC-SHA256                                   what this string is (never valid as another protocol's)
    POST                                                method, upper case
    /orders                                             path exactly as sent (percent-encoding kept)
    a=1&b=x%20y                                         query: decoded, sorted, re-encoded (RFC 3986)
    shop-web                                            key id
    1700000000                                          timestamp, Unix seconds
    4f3c2a…                                             nonce
    e3b0c442…                                           hex SHA-256 of the raw body bytes

Every field that could change the meaning of the request is in it: change the method, the
path, one query value, the body, the key, the time or the nonce, and the signature no longer
matches. Nothing is in it that a proxy may legitimately rewrite (header case, header order).
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, quote

ALGORITHM = "DAY19-HMAC-SHA256"
#: RFC 3986 unreserved characters: the only ones never percent-encoded
_UNRESERVED = "-_.~"


def body_digest(body: bytes) -> str:
    """Hex SHA-256 of the body *as received*: the JSON is not parsed, so not re-serialised."""
    return hashlib.sha256(body).hexdigest()


def canonical_query(query: str) -> str:
    """``b=2&a=1`` and ``a=1&b=2`` mean the same request, so they must sign the same.

    Decoding first and re-encoding one way means ``x%20y``, ``x+y`` and the pair order a client
    library happens to use all give one string.
    """
    pairs = parse_qsl(query, keep_blank_values=True)
    return "&".join(
        f"{quote(name, safe=_UNRESERVED)}={quote(value, safe=_UNRESERVED)}"
        for name, value in sorted(pairs)
    )


def canonical_request(
    *, method: str, path: str, query: str, key_id: str, timestamp: int, nonce: str, body: bytes
) -> str:
    return "\n".join(
        (
            ALGORITHM,
            method.upper(),
            path,
            canonical_query(query),
            key_id,
            str(timestamp),
            nonce,
            body_digest(body),
        )
    )
