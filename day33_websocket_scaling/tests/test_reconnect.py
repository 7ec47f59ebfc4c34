"""A node is killed: its clients reconnect to the other one — and only those that join their
rooms again get the room's messages."""

from __future__ import annotations

import httpx

from day33_websocket_scaling.nodes import Node
from day33_websocket_scaling.reconnect import rotating

from .conftest import cluster_info, until


def test_rotating_tries_the_nodes_in_turn() -> None:
    url = rotating(["http://a", "http://b"])
    assert [url() for _ in range(5)] == ["http://a", "http://b", "http://a", "http://b", "http://a"]


async def test_after_a_kill_clients_reconnect_elsewhere_and_must_rejoin(
    two_processes: list[Node], member
) -> None:  # type: ignore[no-untyped-def]
    a, b = two_processes
    keeper = member()  # joins its rooms again in its connect handler
    forgetful = member(rejoin=False)  # reconnects too, but never joins again
    for m in (keeper, forgetful):
        await m.connect([a.url, b.url])
        await m.join("news")
        assert m.node == "node-1"

    a.kill()  # SIGKILL: no goodbye; the clients see their TCP connection drop
    await until(lambda: keeper.node == "node-2", "the keeper back in its room, on node 2")
    await until(lambda: forgetful.client.connected, "the forgetful client reconnected")
    assert keeper.connects == forgetful.connects == 2
    assert forgetful.node is None and forgetful.rooms == {"news"}  # it *thinks* it is in news

    info = await cluster_info(b.url)
    assert info["clients"] == 2 and info["rooms"] == {"news": 1}  # but only one member is
    async with httpx.AsyncClient() as http:
        r = await http.post(f"{b.url}/rooms/news/messages", json={"text": "after the crash"})
    assert r.status_code == 202
    await until(lambda: len(keeper.messages) == 1, "the message at the keeper")
    assert keeper.messages[0]["text"] == "after the crash"
    assert forgetful.messages == []  # connected, and silently missing everything
