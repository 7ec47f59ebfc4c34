"""Pytest fixtures for lessons that use a backend (a plugin registered beside ``course.testing``).

* ``mongo_db`` — a fresh ``test_<uuid>`` database for each test, dropped afterwards. It lives
  on ``MONGODB_URL`` when that is set, else on an nx-27017 the fixtures start once per session
  (``mongo_url`` is that server's URL).
* ``redis_url`` — a **real** Redis for the session: ``REDIS_URL``, else a private
  ``redis-server`` the fixtures start on a free port. Never fakeredis: with no ``redis-server``
  the tests that need Redis fail and say how to fix it (they are not skipped, so a green run
  always means "tested against Redis").
* ``redis_client`` — a ``redis.asyncio`` client for one test. On the private server it empties
  its database after the test. A ``REDIS_URL`` server may be shared (with you, with other test
  runs), so there it never flushes: it deletes only keys under ``redis_prefix``, a per-test
  prefix tests should put in front of their key names.
* ``offline_llm`` — the base URL of the offline model, served once per session (always the
  offline one, whatever ``OPENAI_API_KEY`` says: tests need answers they can predict);
  ``llm_client`` — an ``AsyncOpenAI`` client for it, per test.
* marker ``real_mongo`` — for tests of behaviour only a real MongoDB has (where nx-27017
  differs). Without ``MONGODB_URL`` they are **deselected** — left out of the run and counted as
  "deselected" in pytest's summary, with a header line saying why — rather than reported as
  skips, because the run has nothing to say about them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import ssl
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from shared.backends import (
    REQUIRE_REAL,
    configured,
    redact,
    redis_server_binary,
    require_real_services,
)
from shared.settings import Settings

REAL_MONGO = "real_mongo"


def _configured(field: str) -> str | None:
    """A backend URL from the environment (or ``.env``), read fresh: tests may change it."""
    return configured(getattr(Settings(), field))


# --- MongoDB --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def mongo_url() -> Iterator[str]:
    """``MONGODB_URL`` when set, else the URL of an nx-27017 started for this session."""
    configured = _configured("mongodb_url")
    if configured:
        yield configured
        return
    from shared.mongo import EmbeddedMongo  # noqa: PLC0415

    with EmbeddedMongo() as server:
        yield server.url


@contextlib.asynccontextmanager
async def scratch_database(url: str) -> AsyncIterator[Any]:
    """A new ``test_<uuid>`` database on ``url``, dropped (and its client closed) on exit."""
    from pymongo import AsyncMongoClient  # noqa: PLC0415

    from shared.mongo import ping  # noqa: PLC0415

    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        url, serverSelectionTimeoutMS=3000, tz_aware=True
    )
    db = client[f"test_{uuid.uuid4().hex}"]
    try:
        await ping(db, url=url)
        try:
            yield db
        finally:
            await client.drop_database(db.name)
    finally:
        await client.close()


@pytest_asyncio.fixture
async def mongo_db(mongo_url: str) -> AsyncIterator[Any]:
    """An empty database of its own for this test (an ``AsyncDatabase``)."""
    async with scratch_database(mongo_url) as db:
        yield db


# --- Redis ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedisTarget:
    url: str
    #: True for the server the fixtures started: only then may a test flush it
    private: bool


@pytest.fixture(scope="session")
def redis_target() -> Iterator[RedisTarget]:
    configured = _configured("redis_url")
    if configured:
        _ping_or_fail(configured)
        yield RedisTarget(configured, private=False)
        return
    binary = redis_server_binary()
    if binary is None:
        why = f" ({REQUIRE_REAL}=1 is set)" if require_real_services() else ""
        pytest.fail(
            f"these tests need a real Redis{why}: install redis-server "
            "(apt-get install redis-server, brew install redis) or set REDIS_URL",
            pytrace=False,
        )
    from shared.redis import RedisServer  # noqa: PLC0415

    with RedisServer(binary) as server:
        yield RedisTarget(server.url, private=True)


@pytest.fixture(scope="session")
def redis_url(redis_target: RedisTarget) -> str:
    """The URL of a real Redis for this session (``REDIS_URL`` or a private redis-server)."""
    return redis_target.url


@pytest.fixture
def redis_prefix() -> str:
    """A key prefix of this test's own, e.g. ``test:3f2a9c1b7d4e:``."""
    return f"test:{uuid.uuid4().hex[:12]}:"


@pytest_asyncio.fixture
async def redis_client(redis_target: RedisTarget, redis_prefix: str) -> AsyncIterator[Any]:
    """A ``redis.asyncio.Redis`` (str replies) on the session's Redis, cleaned up after."""
    import redis.asyncio as aioredis  # noqa: PLC0415

    client = aioredis.Redis.from_url(redis_target.url, decode_responses=True)
    try:
        yield client
    finally:
        if redis_target.private:
            await client.flushdb()
        else:
            keys = [key async for key in client.scan_iter(match=f"{redis_prefix}*", count=500)]
            if keys:
                await client.delete(*keys)
        await client.aclose()


def _ping_or_fail(url: str) -> None:
    import redis  # noqa: PLC0415

    try:
        with redis.Redis.from_url(url, socket_connect_timeout=3) as client:
            client.ping()
    except (redis.RedisError, OSError) as exc:
        pytest.fail(f"REDIS_URL {redact(url)} is not reachable: {exc}", pytrace=False)


# --- the offline model ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def offline_llm() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:<port>/v1``) of the offline model, for the session."""
    from shared.offline_llm_server import OfflineModelServer  # noqa: PLC0415

    with OfflineModelServer() as server:
        yield server.base_url


@pytest_asyncio.fixture
async def llm_client(offline_llm: str) -> AsyncIterator[Any]:
    """An ``AsyncOpenAI`` client for the offline model (no retries: failures show at once)."""
    from openai import AsyncOpenAI, DefaultAsyncHttpxClient  # noqa: PLC0415

    from shared.llm import OFFLINE_API_KEY  # noqa: PLC0415

    client = AsyncOpenAI(
        base_url=offline_llm,
        api_key=OFFLINE_API_KEY,
        max_retries=0,
        timeout=10,
        # One TLS context for the session: building one per client (loading the CA bundle)
        # costs more than the test itself, and loopback HTTP never uses it anyway.
        http_client=DefaultAsyncHttpxClient(verify=_tls_context()),
    )
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
def llm_sent() -> list[Any]:
    """Every HTTP request the ``llm`` fixture's client sent to the model during the test."""
    return []


@pytest.fixture
def llm_calls(llm_sent: list[Any]) -> Callable[[], list[dict[str, Any]]]:
    """``llm_calls()``: the JSON bodies of the chat-completion requests sent so far."""

    def bodies() -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in llm_sent if r.url.path.endswith("/chat/completions")]

    return bodies


def recording_client(base_url: str, requests: list[Any] | None = None) -> Any:
    """An ``AsyncOpenAI`` for ``base_url`` with no retries that appends every request it sends."""
    from openai import AsyncOpenAI, DefaultAsyncHttpxClient  # noqa: PLC0415

    from shared.llm import OFFLINE_API_KEY  # noqa: PLC0415

    async def record(request: Any) -> None:
        if requests is not None:
            requests.append(request)

    http = DefaultAsyncHttpxClient(verify=_tls_context(), event_hooks={"request": [record]})
    return AsyncOpenAI(
        base_url=base_url, api_key=OFFLINE_API_KEY, max_retries=0, timeout=10, http_client=http
    )


@pytest_asyncio.fixture
async def llm(offline_llm: str, llm_sent: list[Any]) -> AsyncIterator[Any]:
    """A ``shared.llm.LLM`` on the offline model whose client records every request it sends.

    No retries, so a failure shows at once; ``llm_calls()`` lets a test read what the lesson
    really asked the model (and prove it asked nothing when input was refused).
    """
    from shared.llm import LLM  # noqa: PLC0415
    from shared.offline_llm import MODEL_ID  # noqa: PLC0415

    client = recording_client(offline_llm, llm_sent)
    try:
        yield LLM(client, MODEL_ID, offline=True, base_url=offline_llm)
    finally:
        await client.close()


LLM_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_TIMEOUT_S", "LLM_MAX_RETRIES")


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Callable[..., None]]:
    """``llm_env(OPENAI_API_KEY=...)``: the model settings for this test, none inherited."""
    from shared.settings import get_settings  # noqa: PLC0415

    monkeypatch.chdir(tmp_path)  # out of reach of a .env in the project

    def apply(**values: str) -> None:
        for name in LLM_VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    apply()
    yield apply
    get_settings.cache_clear()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


# --- the real_mongo marker ------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{REAL_MONGO}: needs behaviour only a real MongoDB has; runs only when MONGODB_URL is "
        "set, deselected otherwise",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _configured("mongodb_url"):
        return
    dropped = [item for item in items if item.get_closest_marker(REAL_MONGO)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker(REAL_MONGO)]


def pytest_report_header(config: pytest.Config) -> str:
    if _configured("mongodb_url"):
        return f"{REAL_MONGO} tests: run against MONGODB_URL"
    return f"{REAL_MONGO} tests: deselected (MONGODB_URL is not set; they need a real MongoDB)"
