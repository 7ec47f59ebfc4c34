"""Cost by size: an upload spends as many tokens as it has bytes.

Counting requests treats a 1-byte upload and a 32 KiB one alike, yet one costs the server
32 000 times the other in bandwidth and storage. The token bucket for ``/upload`` is in
bytes instead, and ``upload_cost`` measures the body *before* the limiter counts it — so it
refuses an oversized or empty body first, and a refused upload spends nothing.
"""

from __future__ import annotations

from fastapi import Request
from pydantic import BaseModel

from shared.errors import DomainError

MAX_UPLOAD_BYTES = 32 * 1024
#: every request has a fixed overhead (a connection, a handler, a log line): a flood of
#: 1-byte uploads must not get 65 536 requests out of a 64 KiB bucket
MIN_COST_BYTES = 1024
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
#: the upload is sent as raw bytes, not JSON: this documents it in /docs
RAW_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/octet-stream": {
                "schema": {"type": "string", "format": "binary", "maxLength": MAX_UPLOAD_BYTES}
            }
        },
    }
}


class UploadTooLarge(DomainError):
    status = 413


class EmptyUpload(DomainError):
    status = 422


class UploadOut(BaseModel):
    owner: str
    name: str
    bytes: int
    sha256: str
    #: tokens this upload spent
    cost: int


def cost_of(size: int) -> int:
    return max(MIN_COST_BYTES, size)


async def upload_cost(request: Request) -> int:
    """The upload's cost in bytes; oversized or empty bodies are refused before counting."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        # Refused on the header alone: no need to read 1 MB to learn it is too big.
        raise UploadTooLarge(f"an upload is at most {MAX_UPLOAD_BYTES} bytes")
    body = await request.body()  # Starlette keeps it: the route reads the same bytes
    if len(body) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(f"an upload is at most {MAX_UPLOAD_BYTES} bytes")
    if not body:
        raise EmptyUpload("the upload is empty; send the file as the request body")
    return cost_of(len(body))
