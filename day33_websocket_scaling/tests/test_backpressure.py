"""Back-pressure: a client that stops reading is disconnected at the outbox limit, and the
others get every message meanwhile — including messages that come through Redis."""

from __future__ import annotations

import httpx
import pytest

from day33_websocket_scaling.sticky import PollingSession

from .conftest import cluster_info, until, wait_subscribed

LIMIT = 20
BROADCASTS = 100


async def slow_consumer(http: httpx.AsyncClient, node: str) -> PollingSession:
    """A long-polling client that joins ``news`` and then never polls again."""
    session = PollingSession(http)
    await session.open(node)
    await session.send(node, "40")
    await session.poll(node)  # 40{"sid": …}: connected
    await session.send(node, '420["join",{"room":"news"}]')
    assert session.packets(await session.poll(node))[0].startswith('430[{"ok":true')
    return session


@pytest.mark.parametrize("limit", [LIMIT, 0], ids=["bounded", "unbounded"])
async def test_a_slow_consumer_does_not_hold_up_the_others(start_node, member, limit: int) -> None:  # type: ignore[no-untyped-def]
    here = start_node(node_id="here", outbox_limit=limit)
    there = start_node(node_id="there")
    await wait_subscribed([here, there], 2)
    fast = [member() for _ in range(3)]
    for m, url in zip(fast, [here, here, there], strict=True):
        await m.connect(url)
        await m.join("news")
    publisher = member()
    await publisher.connect(there)

    async with httpx.AsyncClient(timeout=3) as http:
        slow = await slow_consumer(http, here)
        # Published on the *other* node: they reach `here` through Redis, then its fan-out.
        for i in range(BROADCASTS):
            ack = await publisher.client.call("broadcast", {"room": "news", "text": f"#{i}"})
            assert ack["ok"]
        for m in fast:
            await until(lambda m=m: len(m.messages) == BROADCASTS, "every message, fast clients")
            assert [x["text"] for x in m.messages] == [f"#{i}" for i in range(BROADCASTS)]

        info = await cluster_info(here)
        if limit:
            # Dropped when its outbox was full; nothing more was queued for it.
            assert info["outbox"] == {"limit": LIMIT, "dropped": 1, "deepest": LIMIT + 1}
            assert info["disconnects"] == {"server disconnect": 1}
            assert info["clients"] == 2 and info["rooms"] == {"news": 2}
            # When it polls at last: the backlog it had, then Socket.IO's DISCONNECT ("41").
            backlog = slow.packets(await slow.poll(here))
            assert len(backlog) == LIMIT + 1 and backlog[-1] == "41"
            assert backlog[0].startswith('42["message",{') and '"text":"#0"' in backlog[0]
        else:
            # python-socketio's own behaviour: every message queued for it, without end.
            assert info["outbox"] == {"limit": 0, "dropped": 0, "deepest": BROADCASTS}
            assert info["clients"] == 3 and info["rooms"] == {"news": 3}
