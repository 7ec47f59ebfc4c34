"""Pytest fixtures every lesson's tests share (registered in the root ``conftest.py``).

* ``live_app`` — serve an ASGI app with a real uvicorn on a free port (in a thread) and get its
  base URL: the "one test against a real server" every server lesson has.
* ``lesson_process`` — start ``python -m <package> --port P`` as a real process, wait for
  ``/health``, and stop it afterwards: what a learner runs.

And plain helpers the lessons' tests import: ``asgi_client`` and ``client_from`` (httpx wired
straight to an app), ``assert_problem`` (an answer is the course's RFC 9457 error format).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from course.net import free_port
from course.processes import interrupt
from shared.errors import PROBLEM_JSON

ROOT = Path(__file__).resolve().parent.parent


def wait_for_http(
    url: str, deadline_s: float = 15.0, proc: subprocess.Popen | None = None
) -> float:
    """Poll ``url`` until it answers 200; return the seconds it took. Raise on deadline."""
    started = time.perf_counter()
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        if time.perf_counter() - started > deadline_s:
            raise TimeoutError(f"{url} did not answer within {deadline_s} s")
        time.sleep(0.02)


class LiveServer:
    """uvicorn serving ``app`` on a free port in a background thread."""

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        import uvicorn

        self.port = free_port(host)
        self.url = f"http://{host}:{self.port}"
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self, deadline_s: float = 15.0) -> None:
        self.thread.start()
        started = time.perf_counter()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("uvicorn stopped during start-up (see the log above)")
            if time.perf_counter() - started > deadline_s:
                raise TimeoutError("uvicorn did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_app() -> Iterator[Callable[[Any], str]]:
    """``url = live_app(app)``: serve ``app`` with a real uvicorn until the test ends."""
    servers: list[LiveServer] = []

    def start(app: Any) -> str:
        server = LiveServer(app)
        server.start()
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.stop()


class LessonProcess:
    """``python -m <package>`` as a child process on a free port."""

    def __init__(self, package: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", package, "--port", str(self.port), *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait_ready(self, deadline_s: float = 20.0) -> float:
        return wait_for_http(f"{self.url}/health", deadline_s, self.proc)

    def stop(self) -> str:
        """Stop with SIGINT (Ctrl-C), as a learner would; return everything it printed."""
        interrupt(self.proc)
        if self.proc.stdout is None or self.proc.stdout.closed:
            return ""  # stopped already (a test may stop it before the fixture does)
        with self.proc.stdout:
            return self.proc.stdout.read()


@pytest.fixture
def lesson_process() -> Iterator[Callable[..., LessonProcess]]:
    """``proc = lesson_process("day06_routing")``: a real lesson process, ready on ``proc.url``."""
    procs: list[LessonProcess] = []

    def start(package: str, *args: str, env: dict[str, str] | None = None) -> LessonProcess:
        proc = LessonProcess(package, *args, env=env)
        procs.append(proc)
        proc.wait_ready()
        return proc

    yield start
    for proc in procs:
        proc.stop()


@contextlib.asynccontextmanager
async def asgi_client(app: Any, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client wired straight to ``app`` (lifespan entered), no sockets involved."""
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(app.router.lifespan_context(app))
        transport = httpx.ASGITransport(app, raise_app_exceptions=False)
        client = httpx.AsyncClient(transport=transport, base_url="http://test", **kwargs)
        yield await stack.enter_async_context(client)


@pytest.fixture
def client_for() -> Callable[..., Any]:
    """``async with client_for(app) as client:`` — see ``asgi_client``."""
    return asgi_client


@contextlib.asynccontextmanager
async def client_from(app: Any, ip: str = "203.0.113.7") -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client wired to ``app`` whose requests come from ``ip`` (the ASGI peer).

    For limits keyed by the client's address: two clients with two ``ip``s are two callers.
    The lifespan is *not* entered (unlike ``asgi_client``): the tests that use this hand the
    app its backends, and a lifespan would open (or close) them a second time.
    """
    transport = httpx.ASGITransport(app, raise_app_exceptions=False, client=(ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


#: RFC 9457's members plus the ``request_id`` that ``shared.errors`` adds to every problem
PROBLEM_MEMBERS = frozenset({"type", "title", "status", "instance", "request_id"})


def assert_problem(
    response: httpx.Response,
    status: int,
    type_: str | None = None,
    *,
    error_type: str | None = None,
    members: bool = False,
    instance: bool = False,
) -> dict[str, Any]:
    """Assert ``response`` is an RFC 9457 problem with ``status``; return its body.

    Always checked: the status code, ``application/problem+json``, the same ``status`` in the
    body, a ``title``, and a ``request_id`` equal to the ``x-request-id`` header when both are
    there. On request: ``type_`` (the problem type), ``error_type`` (among the types of a 422's
    field ``errors``), ``members`` (every member of ``PROBLEM_MEMBERS``, and the header) and
    ``instance`` (the ``instance`` is the request's path).
    """
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status, body
    assert body.get("title"), body
    if type_ is not None:
        assert body["type"] == type_, body
    if error_type is not None:
        assert error_type in {e["type"] for e in body["errors"]}, body["errors"]
    if members:
        assert PROBLEM_MEMBERS <= body.keys(), body
        assert "x-request-id" in response.headers, response.headers
    if instance:
        assert body["instance"] == response.request.url.path, body
    # Only when both are there: shared.app's 413 is written outside the routes, and carries the
    # id only where a request-id middleware has left one on the request.
    if "request_id" in body and "x-request-id" in response.headers:
        assert body["request_id"] == response.headers["x-request-id"], body
    return body


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@functools.cache
def _bullet_tests() -> dict[str, str]:
    from course.bullets import referenced_tests
    from course.fidelity import lesson_folders

    return referenced_tests(lesson_folders(), ROOT)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """In CI, a test that proves a "you'll learn" bullet may not skip (or xfail) itself.

    Marks are caught before anything runs (:mod:`course.bullets`); this catches a test that
    calls ``pytest.skip`` at run time, or a fixture that skips when a service is missing.
    """
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    fail_skipped_bullet_test(report, item.nodeid, _bullet_tests())


def fail_skipped_bullet_test(
    report: pytest.TestReport, node_id: str, bullets: dict[str, str]
) -> None:
    if not report.skipped or not os.environ.get("CI"):
        return
    bullet = bullets.get(node_id.split("[")[0])
    if bullet is None:
        return
    reason = getattr(report, "wasxfail", None) or (
        report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    )
    report.outcome = "failed"
    report.longrepr = f"{bullet} names {node_id} as its proof, and in CI it did not run: {reason}"
