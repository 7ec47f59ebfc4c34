"""Introduced on Day 23: the lesson's Redis — your server when configured, else a private one.

    async with open_redis() as r:                  # a redis.asyncio.Redis client
        await r.set("greeting", "hello", ex=60)

* ``REDIS_URL`` set: that server, pinged before the lesson serves anything. Down means
  :class:`BackendUnavailable` (503) naming the URL without its password — never a quiet switch
  to a private server, whose empty denylist would let revoked tokens back in.
* not set, ``redis-server`` on PATH: :class:`RedisServer` starts a private one on a free port
  with persistence off, in a temporary folder; both go away when the ``async with`` ends.
* not set, no ``redis-server``: fakeredis (Lua included), a Python stand-in, labelled as such in
  the banner and the log. ``COURSE_REQUIRE_REAL_SERVICES=1`` refuses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from shared.backends import REQUIRE_REAL, BackendUnavailable, choose, redact, redis_server_binary
from shared.ports import free_port
from shared.settings import Settings, get_settings

log = logging.getLogger("course.redis")

#: how long a configured server may take to accept a connection and answer PING
CONNECT_TIMEOUT_S = 3.0


class RedisServer:
    """A private ``redis-server`` process on a free loopback port, in its own temp folder.

    Persistence is off (``--save "" --appendonly no``): it is a scratch server, gone with its
    data when stopped. Picking a "free" port and binding it are two steps, so another program
    can take the port in between; the server then fails to bind (or we would reach somebody
    else's Redis), which is why readiness checks the answering server's ``process_id`` and a
    lost race simply retries on another port.
    """

    def __init__(self, binary: str | None = None, host: str = "127.0.0.1") -> None:
        self.binary = binary or redis_server_binary() or "redis-server"
        self.host = host
        self.port = 0
        self.folder: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self, deadline_s: float = 10.0, attempts: int = 5) -> str:
        """Start the server; return its URL once it answers PING as *our* process."""
        self.folder = Path(tempfile.mkdtemp(prefix="course-redis-"))
        try:
            for _ in range(attempts):
                if self._try_port(free_port(self.host), deadline_s):
                    return self.url
            raise BackendUnavailable(f"redis-server could not get a free port in {attempts} tries")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """End the process and remove its folder.

        SIGKILL rather than SIGTERM: there is nothing to save (persistence is off), and
        redis-server only notices SIGTERM on its next 100 ms housekeeping tick.
        """
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _try_port(self, port: int, deadline_s: float) -> bool:
        assert self.folder is not None
        logfile = self.folder / "redis.log"
        # Same process group as us on purpose: Ctrl-C in a terminal stops it along with us.
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(port), "--bind", self.host, "--save", "",
             "--appendonly", "no", "--dir", str(self.folder), "--logfile", str(logfile)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.port = port
        started = time.perf_counter()
        while time.perf_counter() - started < deadline_s:
            if self.proc.poll() is not None:
                log_text = logfile.read_text(errors="replace") if logfile.exists() else ""
                if "Address already in use" in log_text:
                    return False  # lost the race for this port: try another
                raise BackendUnavailable(
                    f"redis-server exited with {self.proc.returncode}: {log_text.strip()[-300:]}"
                )
            if _answers_as(self.host, port, self.proc.pid):
                return True
            time.sleep(0.005)
        self.stop()
        raise BackendUnavailable(f"redis-server did not answer within {deadline_s} s")


@contextlib.asynccontextmanager
async def open_redis(
    *, settings: Settings | None = None, decode_responses: bool = True, **kwargs: Any
) -> AsyncIterator[aioredis.Redis]:
    """A ``redis.asyncio.Redis`` on the backend :func:`shared.backends.choose` picks.

    ``decode_responses=True`` by default: lessons read ``str``, not ``bytes``. Extra keyword
    arguments go to the client (``socket_timeout``, ``health_check_interval``…).
    """
    settings = settings or get_settings()
    choice = choose("redis", settings)
    server: RedisServer | None = None
    options: dict[str, Any] = {"socket_connect_timeout": CONNECT_TIMEOUT_S, **kwargs}
    if choice.kind == "real":
        url = choice.target
        client = aioredis.Redis.from_url(url, decode_responses=decode_responses, **options)
    elif choice.kind == "embedded":
        server = RedisServer(choice.where)
        url = await asyncio.to_thread(server.start)
        client = aioredis.Redis.from_url(url, decode_responses=decode_responses, **options)
    elif choice.kind == "stand-in":
        import fakeredis  # noqa: PLC0415 - a dev dependency, only needed without redis-server

        log.warning("no redis-server on PATH: using fakeredis, a stand-in that is not Redis")
        url = "fakeredis://"
        client = fakeredis.FakeAsyncRedis(decode_responses=decode_responses)
    else:
        raise BackendUnavailable(
            f"no redis-server on PATH and {REQUIRE_REAL}=1 refuses the fakeredis stand-in; "
            "install redis-server or set REDIS_URL",
            backend="redis",
        )
    try:
        await ping(client, url=url)
        yield client
    finally:
        await client.aclose()
        if server is not None:
            await asyncio.to_thread(server.stop)


async def ping(client: aioredis.Redis, *, url: str | None = None) -> float:
    """Round-trip one PING; return its time in ms, or raise BackendUnavailable."""
    started = time.perf_counter()
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        where = redact(url) if url else "the configured Redis"
        # redis-py names host:port in its message, never the password.
        raise BackendUnavailable(
            f"Redis at {where} is not reachable: {exc}", backend="redis"
        ) from exc
    return (time.perf_counter() - started) * 1e3


def _answers_as(host: str, port: int, pid: int) -> bool:
    """True when a Redis on host:port answers and is the process ``pid`` (not a stranger)."""
    try:
        with socket.create_connection((host, port), timeout=0.5) as s:
            s.sendall(b"INFO server\r\n")
            data = b""
            while b"\r\n" not in data or len(data) < _bulk_length(data):
                chunk = s.recv(65536)
                if not chunk:
                    return False
                data += chunk
    except OSError:
        return False
    return f"process_id:{pid}\r\n".encode() in data


def _bulk_length(data: bytes) -> int:
    """Total bytes of a RESP bulk string reply ``$<n>\\r\\n<n bytes>\\r\\n`` (0 if unknown)."""
    head, _, _ = data.partition(b"\r\n")
    if not head.startswith(b"$"):
        return 0
    return len(head) + 2 + int(head[1:]) + 2
