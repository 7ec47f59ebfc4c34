"""The WebSocket handshake and frames: by hand on a raw socket, then with the websockets client."""

from __future__ import annotations

import base64
import socket
from urllib.parse import urlsplit

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from day32_socketio.app import MAX_ECHO_BYTES, create_app
from day32_socketio.handshake import (
    OP_CLOSE,
    OP_TEXT,
    accept_for,
    decode_frame,
    encode_frame,
    new_key,
    parse_head,
    upgrade_request,
    upgrade_response,
)

RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ=="  # RFC 6455 §1.3's example key…
RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="  # …and the accept value it must give


def test_accept_is_the_rfc_example() -> None:
    assert accept_for(RFC_KEY) == RFC_ACCEPT
    assert f"Sec-WebSocket-Accept: {RFC_ACCEPT}\r\n".encode() in upgrade_response(RFC_KEY)
    assert len(base64.b64decode(new_key())) == 16
    assert new_key() != new_key()


@pytest.mark.parametrize("size", [0, 5, 125, 126, 65535, 65536])
def test_frames_round_trip_at_every_length_encoding(size: int) -> None:
    payload = bytes(i % 251 for i in range(size))
    masked = encode_frame(payload, mask=b"\x01\x02\x03\x04")
    frame, used = decode_frame(masked)  # type: ignore[misc]
    assert (frame.fin, frame.opcode, frame.payload, used) == (True, OP_TEXT, payload, len(masked))
    assert decode_frame(masked[:-1]) is None  # a partial frame waits for more bytes
    if size:
        assert payload not in masked  # masked bytes on the wire are not the payload's


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        assert chunk, f"connection closed before {marker!r}: {data!r}"
        data += chunk
    return data


def _read_frame(sock: socket.socket, pending: bytes):  # type: ignore[no-untyped-def]
    while (decoded := decode_frame(pending)) is None:
        chunk = sock.recv(4096)
        assert chunk, "connection closed mid-frame"
        pending += chunk
    frame, used = decoded
    return frame, pending[used:]


def test_the_handshake_and_frames_by_hand_on_a_raw_socket(live_app) -> None:  # type: ignore[no-untyped-def]
    url = urlsplit(live_app(create_app()))
    key = new_key()
    with socket.create_connection((url.hostname, url.port), timeout=3) as sock:
        sock.sendall(upgrade_request(url.netloc, "/ws/echo", key))
        head, _, rest = _read_until(sock, b"\r\n\r\n").partition(b"\r\n\r\n")
        status, headers = parse_head(head)
        assert status == 101
        assert headers["upgrade"].lower() == "websocket"
        assert headers["sec-websocket-accept"] == accept_for(key)

        # The same TCP connection now carries frames: ours masked, the server's not.
        sock.sendall(encode_frame("héllo".encode(), mask=b"\x0f\xf0\x0f\xf0"))
        frame, rest = _read_frame(sock, rest)
        assert (frame.opcode, frame.payload.decode()) == (OP_TEXT, "héllo")

        sock.sendall(encode_frame((1000).to_bytes(2, "big"), OP_CLOSE, mask=b"abcd"))
        frame, rest = _read_frame(sock, rest)
        assert frame.opcode == OP_CLOSE  # the closing handshake: the server echoes the close


def test_a_bad_handshake_or_a_plain_get_is_not_upgraded(live_app) -> None:  # type: ignore[no-untyped-def]
    url = urlsplit(live_app(create_app()))
    good = upgrade_request(url.netloc, "/ws/echo", new_key())
    cases = [
        (good.replace(b"Version: 13", b"Version: 8"), 400, b"invalid Sec-WebSocket-Version"),
        (upgrade_request(url.netloc, "/ws/echo", "abc"), 400, b"invalid Sec-WebSocket-Key"),
        # No Upgrade header: an ordinary HTTP GET, and no HTTP route lives at /ws/echo.
        (f"GET /ws/echo HTTP/1.1\r\nHost: {url.netloc}\r\n\r\n".encode(), 404, b"Not Found"),
    ]
    for request, expected, reason in cases:
        with socket.create_connection((url.hostname, url.port), timeout=3) as sock:
            sock.sendall(request)
            response = _read_until(sock, reason)
        status, headers = parse_head(response.split(b"\r\n\r\n")[0])
        assert status == expected, response
        assert "sec-websocket-accept" not in headers


async def test_the_websockets_client_does_the_same_handshake(live_app) -> None:  # type: ignore[no-untyped-def]
    url = live_app(create_app()).replace("http://", "ws://") + "/ws/echo"
    async with connect(url) as ws:
        sent_key = ws.request.headers["Sec-WebSocket-Key"]
        assert ws.response.status_code == 101
        assert ws.response.headers["Sec-WebSocket-Accept"] == accept_for(sent_key)
        await ws.send("text stays text")
        assert await ws.recv() == "text stays text"
        await ws.send(b"\x00\x01bytes")
        assert await ws.recv() == b"\x00\x01bytes"

        await ws.send("x" * (MAX_ECHO_BYTES + 1))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd.code == 1009  # "message too big", said with a close code


async def test_only_existing_websocket_routes_upgrade(live_app) -> None:  # type: ignore[no-untyped-def]
    url = live_app(create_app()).replace("http://", "ws://")
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url + "/ws/nowhere"):
            pass
    assert refused.value.response.status_code == 403


async def test_the_handshake_endpoint_shows_the_bytes(client_for) -> None:  # type: ignore[no-untyped-def]
    async with client_for(create_app()) as client:
        r = await client.get("/handshake", params={"key": RFC_KEY})
        assert r.status_code == 200
        body = r.json()
        assert body["accept"] == RFC_ACCEPT
        assert body["request"].startswith("GET /ws/echo HTTP/1.1\r\nHost: test\r\n")
        assert body["response"].startswith("HTTP/1.1 101 Switching Protocols\r\n")

        fresh = (await client.get("/handshake")).json()
        assert len(base64.b64decode(fresh["key"])) == 16
        assert fresh["accept"] == accept_for(fresh["key"])

        for bad in ["short", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZR==", "a" * 200]:
            r = await client.get("/handshake", params={"key": bad})
            assert r.status_code == 422
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["errors"][0]["loc"] == ["query", "key"]
