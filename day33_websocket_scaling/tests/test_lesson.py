"""The lesson as a learner runs it: ``python -m day33_websocket_scaling``, with and without
``REDIS_URL`` — and the narrated demo."""

from __future__ import annotations

import httpx
import pytest

from day33_websocket_scaling import bench, demo
from day33_websocket_scaling.app import create_app
from day33_websocket_scaling.bus import open_bus, plan_bus
from day33_websocket_scaling.node import NodeSettings
from shared.backends import BackendUnavailable, choose, redact

from .conftest import cluster_info, until


async def test_python_m_with_redis_url_joins_the_cluster(
    lesson_process, redis_url, channel, member
) -> None:  # type: ignore[no-untyped-def]
    proc = lesson_process(
        "day33_websocket_scaling",
        env={"REDIS_URL": redis_url, "CLUSTER_CHANNEL": channel, "NODE_ID": "learner"},
    )
    info = await cluster_info(proc.url)
    assert info["node"] == "learner" and info["pid"] == proc.proc.pid
    assert info["redis"]["source"] == "REDIS_URL" and info["redis"]["shared"]
    assert info["heartbeat"] == {"ping_interval": 10.0, "ping_timeout": 5.0}
    assert info["outbox"] == {"limit": 256, "dropped": 0, "deepest": 0}

    m = member()
    await m.connect(proc.url)
    assert (await m.join("news"))["node"] == "learner"
    async with httpx.AsyncClient() as http:
        r = await http.post(f"{proc.url}/rooms/news/messages", json={"text": "hello"})
    assert r.status_code == 202
    await until(lambda: [x["text"] for x in m.messages] == ["hello"], "the message")
    await m.disconnect()
    output = proc.stop()
    assert "Day 33 · Scaling real time" in output and "Traceback" not in output


async def test_without_redis_url_a_node_is_a_cluster_of_one(live_app, member, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REDIS_URL", "")  # blank is unset: the course's default backend
    kind = choose("redis", NodeSettings()).kind
    if kind == "refused":  # COURSE_REQUIRE_REAL_SERVICES=1 and no redis-server: no stand-in
        with pytest.raises(BackendUnavailable):
            async with open_bus(plan_bus(NodeSettings(), "x")):
                pass
        return
    url = live_app(create_app())
    bus = (await cluster_info(url))["redis"]
    # A private redis-server (or, without one, python-socketio's in-process manager): the
    # same code path, but no other process can reach it — /cluster says so.
    assert bus["source"] == {"embedded": "private redis-server", "stand-in": "in-process"}[kind]
    assert bus["shared"] is False and bus["subscribers"] == 1
    assert "this process only" in bus["note"]
    m = member()
    await m.connect(url)
    await m.join("news")
    async with httpx.AsyncClient() as http:
        await http.post(f"{url}/rooms/news/messages", json={"text": "just us"})
    await until(lambda: len(m.messages) == 1, "the message")


def test_the_demo_tells_the_whole_story(capsys, redis_url, use_redis) -> None:  # type: ignore[no-untyped-def]
    use_redis(redis_url)  # the session's Redis, not a second one
    assert demo.main(["--clients", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(".")[0] for line in lines] == [str(i) for i in range(1, 9)]
    assert "{'node-1': 2, 'node-2': 2}" in lines[2]
    assert "delivered to 4/4 clients, 2 of them on node-2, through Redis" in lines[3]
    assert '→ 400 "Invalid session' in lines[4]
    assert "its 2 clients reconnected through the balancer" in lines[5]
    assert "delivered to 4/4 clients" in lines[6]
    assert '"rooms": {"news": 4}' in lines[7]


def test_the_bench_runs_both_setups_side_by_side(capsys, redis_url, use_redis) -> None:  # type: ignore[no-untyped-def]
    """Its timings are not tested (they are the benchmark's business); its counting is."""
    use_redis(redis_url)
    assert bench.main(["--clients", "4", "--broadcasts", "10", "--rounds", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("4 clients in one room, 10 broadcasts per round, 2 rounds each")
    assert f"Redis: REDIS_URL {redact(redis_url)}" in out[0]
    assert out[1].split() == [
        "setup",
        "broadcasts/s",
        "deliveries/s",
        "delivered",
        "vs",
        "1",
        "process",
    ]
    one, two = out[2].split(), out[3].split()
    assert one[:2] == ["1", "process"] and one[-2:] == ["100.0%", "1.00×"]
    assert two[:2] == ["2", "processes"] and two[-2] == "100.0%"
    assert out[4].startswith("goal: 100% delivered and 2 processes >= 0.8× one: ")
    with pytest.raises(SystemExit):
        bench.main(["--clients", "1"])
