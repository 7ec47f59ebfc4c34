"""shared.redis: a private redis-server by default, REDIS_URL when set, fakeredis only as a stand-in."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import fakeredis
import pytest
import redis.asyncio as aioredis

import shared.redis
from shared.backends import BackendUnavailable, redis_server_binary
from shared.redis import RedisServer, open_redis
from tests.backends.helpers import closed_port, refuses


def is_dir(path: str) -> bool:
    return Path(path).is_dir()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def have_redis_server() -> str:
    binary = redis_server_binary()
    if binary is None:  # a failure, not a skip: these tests are the proof the default works
        pytest.fail("redis-server is not on PATH (apt-get install redis-server)", pytrace=False)
    return binary


async def test_private_server_by_default_and_nothing_left_when_it_ends(
    env, have_redis_server
) -> None:
    env()
    async with open_redis() as r:
        assert isinstance(r, aioredis.Redis)
        await r.set("greeting", "hello", ex=60)
        assert await r.get("greeting") == "hello"
        info = await r.info("server")
        pid, port = info["process_id"], info["tcp_port"]
        folder = (await r.config_get("dir"))["dir"]
        assert (await r.config_get("save"))["save"] == ""  # persistence off: a scratch server
        assert is_dir(folder) and alive(pid)
    assert not alive(pid)
    assert refuses(port)
    assert not is_dir(folder)


async def test_a_configured_redis_that_is_down_fails_at_start(env, monkeypatch) -> None:
    port = closed_port()
    env(REDIS_URL=f"redis://:hunter2@127.0.0.1:{port}/0")
    started = []
    monkeypatch.setattr(shared.redis, "RedisServer", lambda *a: started.append(a))
    with pytest.raises(BackendUnavailable) as caught:
        async with open_redis():
            pytest.fail("must not get a client")
    message = str(caught.value)
    assert f"Redis at redis://:***@127.0.0.1:{port}/0 is not reachable" in message
    assert "hunter2" not in message
    assert caught.value.status == 503
    assert started == []  # never a quiet switch to a private server


async def test_without_redis_server_fakeredis_stands_in_with_lua(env, tmp_path, caplog) -> None:
    env(PATH=str(tmp_path))
    async with open_redis() as r:
        assert isinstance(r, fakeredis.FakeAsyncRedis)
        assert await r.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, "hits", 5) == 5
    assert "fakeredis, a stand-in that is not Redis" in caplog.text


async def test_ci_refuses_the_stand_in(env, tmp_path) -> None:
    env(PATH=str(tmp_path), COURSE_REQUIRE_REAL_SERVICES="1")
    with pytest.raises(BackendUnavailable, match="COURSE_REQUIRE_REAL_SERVICES=1 refuses"):
        async with open_redis():
            pytest.fail("must not get a stand-in")


def test_a_port_taken_between_choosing_and_binding_is_retried(
    have_redis_server, monkeypatch
) -> None:
    with socket.socket() as squatter:  # bound, not listening: redis-server cannot bind it
        squatter.bind(("127.0.0.1", 0))
        taken = squatter.getsockname()[1]
        ports = iter([taken, closed_port()])
        monkeypatch.setattr(shared.redis, "free_port", lambda host: next(ports))
        with RedisServer(have_redis_server) as server:
            assert server.port != taken
            assert server.url.endswith(f":{server.port}/0")


async def test_redis_client_fixture_is_a_real_redis(redis_client, redis_url, redis_prefix) -> None:
    info = await redis_client.info("server")
    assert info["process_id"] > 0 and info["redis_version"]
    assert not isinstance(redis_client, fakeredis.FakeAsyncRedis)
    key = f"{redis_prefix}counter"
    assert await redis_client.incr(key) == 1
    assert redis_url.startswith("redis://")
