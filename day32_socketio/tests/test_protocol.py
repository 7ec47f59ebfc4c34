"""Socket.IO on top of Engine.IO: the packets themselves, both transports, namespaces."""

from __future__ import annotations

import json

import httpx
import pytest
import socketio

from day32_socketio.app import MAX_PACKET_BYTES

#: Engine.IO v4 separates the packets of one polling response with the record separator
RS = "\x1e"


def test_a_whole_chat_session_over_plain_http_long_polling(lesson_process) -> None:  # type: ignore[no-untyped-def]
    """What `python -m day32_socketio` speaks, packet by packet, with nothing but HTTP requests."""
    proc = lesson_process("day32_socketio")
    with httpx.Client(base_url=f"{proc.url}/socket.io/", timeout=5) as http:
        query = {"EIO": "4", "transport": "polling"}
        opened = http.get("", params=query).text
        assert opened[0] == "0"  # Engine.IO OPEN, with the session's parameters
        handshake = json.loads(opened[1:])
        assert handshake["upgrades"] == ["websocket"]
        assert handshake["maxPayload"] == MAX_PACKET_BYTES
        query["sid"] = handshake["sid"]

        def send(*packets: str) -> None:
            assert http.post("", params=query, content=RS.join(packets)).text == "OK"

        def receive() -> list[str]:
            return http.get("", params=query).text.split(RS)

        # 4 = Engine.IO MESSAGE carrying Socket.IO; then 0 = CONNECT to namespace "/", with auth
        send('40{"name":"curl"}')
        [connected] = receive()
        assert connected.startswith('40{"sid":')  # the Socket.IO sid, not the Engine.IO one

        # 2 = EVENT; the digits before the array are the ack id the client asks an answer for
        send('421["join",{"room":"lobby"}]', '422["message",{"room":"lobby","text":"hi"}]')
        packets = receive()
        assert packets[0] == (
            '42["presence",{"room":"lobby","user":"curl","action":"joined","members":["curl"]}]'
        )
        assert packets[1] == '431[{"ok":true,"room":"lobby","members":["curl"]}]'  # 3 = ACK
        ack = json.loads(packets[2].removeprefix("432"))
        assert ack[0]["ok"] is True and len(ack[0]["id"]) == 32

        assert httpx.get(f"{proc.url}/rooms").json()["online"] == ["curl"]
        send("1")  # Engine.IO CLOSE: the server runs the disconnect handler
    assert httpx.get(f"{proc.url}/rooms").json() == {"online": [], "rooms": {}}


@pytest.mark.parametrize(("transports", "polled"), [(None, True), (["websocket"], False)])
async def test_the_client_upgrades_from_polling_to_a_websocket(
    peer, caplog, transports, polled
) -> None:  # type: ignore[no-untyped-def]
    # None: the default — start with long-polling (it works through anything that speaks
    # HTTP), then upgrade to a WebSocket once a probe over it succeeds. ["websocket"] skips
    # the polling step. (A polling-only client is the raw test above: python-engineio's
    # client would wait out the server's long-poll, up to 45 s, to disconnect.)
    caplog.set_level("INFO", logger="course.access")
    alice = await peer("alice", transports=transports)
    bob = await peer("bob")
    assert alice.client.transport() == "websocket"
    # The access log sees plain HTTP requests only: the polling ones, before the upgrade.
    http_requests = [r.getMessage() for r in caplog.records if r.name == "course.access"]
    assert any(m.startswith("GET /socket.io/ -> 200") for m in http_requests) is polled
    await alice.join("lobby")
    await bob.join("lobby")
    await bob.call("message", {"room": "lobby", "text": "over the upgraded socket"})
    assert (await alice.next("message"))["text"] == "over the upgraded socket"


async def test_only_namespaces_with_handlers_accept_connections(url, new_client) -> None:  # type: ignore[no-untyped-def]
    client = new_client()
    with pytest.raises(socketio.exceptions.ConnectionError, match="/admin"):
        await client.connect(
            url, auth={"name": "eve"}, namespaces=["/admin"], transports=["websocket"]
        )
    assert not client.connected
