"""A WebSocket is an HTTP/1.1 request that asks to stop being HTTP (RFC 6455), shown byte by byte.

The client sends an ordinary GET with ``Connection: Upgrade``, ``Upgrade: websocket``,
``Sec-WebSocket-Version: 13`` and a random ``Sec-WebSocket-Key``. A server that agrees answers
``101 Switching Protocols`` with ``Sec-WebSocket-Accept`` = base64(SHA-1(key + a fixed GUID)).
From then on the same TCP connection carries *frames*, in both directions, whenever either
side likes.

The accept value proves the server *read* this handshake as a WebSocket handshake: a plain
HTTP server (or a cache) replaying some response cannot produce it. It is not security — the
GUID is public — and the key is not a secret.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from dataclasses import dataclass

#: RFC 6455 §1.3: the same for every WebSocket server in the world
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x1, 0x2, 0x8, 0x9, 0xA


def new_key() -> str:
    """16 random bytes, base64: a fresh ``Sec-WebSocket-Key`` for each handshake."""
    return base64.b64encode(os.urandom(16)).decode()


def accept_for(key: str) -> str:
    """``Sec-WebSocket-Accept`` for a key (RFC 6455 §4.2.2, step 5.4)."""
    digest = hashlib.sha1((key + GUID).encode("ascii")).digest()  # SHA-1: the RFC says so
    return base64.b64encode(digest).decode()


def upgrade_request(host: str, path: str, key: str, *, origin: str | None = None) -> bytes:
    """The client's opening handshake: a GET that asks to switch protocols."""
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}",
        "Connection: Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        f"Sec-WebSocket-Key: {key}",
    ]
    if origin:  # browsers always send it; the server decides whether that page may connect
        lines.append(f"Origin: {origin}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def upgrade_response(key: str) -> bytes:
    """The server's answer when it agrees: no body, the connection now speaks frames."""
    return (
        "HTTP/1.1 101 Switching Protocols\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept_for(key)}\r\n"
        "\r\n"
    ).encode("ascii")


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """Status code and headers (lower-case names) of an HTTP/1.1 response head."""
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers = {}
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return status, headers


@dataclass(frozen=True)
class Frame:
    fin: bool
    opcode: int
    payload: bytes


def encode_frame(payload: bytes, opcode: int = OP_TEXT, *, mask: bytes | None = None) -> bytes:
    """One unfragmented frame (RFC 6455 §5.2).

    A client MUST mask what it sends (§5.3) with 4 fresh random bytes: a proxy that does not
    understand WebSockets then never sees attacker-chosen bytes that look like HTTP (the
    cache-poisoning attack the mask exists for). A server must not mask.
    """
    head = bytes([0x80 | opcode])  # FIN set: this frame is the whole message
    mask_bit = 0x80 if mask is not None else 0
    n = len(payload)
    if n < 126:
        head += bytes([mask_bit | n])
    elif n < 1 << 16:
        head += bytes([mask_bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", n)
    if mask is None:
        return head + payload
    return head + mask + _xor(payload, mask)


def decode_frame(data: bytes) -> tuple[Frame, int] | None:
    """The first frame in ``data`` and how many bytes it used, or None if it is incomplete."""
    if len(data) < 2:
        return None
    fin, opcode = bool(data[0] & 0x80), data[0] & 0x0F
    masked, n = bool(data[1] & 0x80), data[1] & 0x7F
    at = 2
    if n == 126:
        if len(data) < 4:
            return None
        (n,) = struct.unpack("!H", data[2:4])
        at = 4
    elif n == 127:
        if len(data) < 10:
            return None
        (n,) = struct.unpack("!Q", data[2:10])
        at = 10
    mask = data[at : at + 4] if masked else None
    at += 4 if masked else 0
    if len(data) < at + n:
        return None
    payload = data[at : at + n]
    return Frame(fin, opcode, _xor(payload, mask) if mask else payload), at + n


def _xor(payload: bytes, mask: bytes) -> bytes:
    return bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
