from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, redirect_stdout
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course import testing
from course.testing import asgi_client
from day29_mcp_server import demo
from day29_mcp_server.app import create_app
from day29_mcp_server.wire import CONVERSATION, MISTAKES, Message


@pytest.fixture(scope="session")
def wire_transcript() -> tuple[list[Message | None], str]:
    """One stdio server, one connection, driven by the demo: (the answers, what it printed).

    The README's conversation, then the requests that are wrong on purpose. Shared by the
    tests of the wire and of the demo: a child process costs most of a second of CPU.
    """
    printed = io.StringIO()
    with redirect_stdout(printed):
        answers = asyncio.run(demo.show_wire([*CONVERSATION, *MISTAKES]))
    return answers, printed.getvalue()


@pytest.fixture
def app() -> FastAPI:
    return create_app()


@asynccontextmanager
async def rest_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """``async with rest_client(app) as c:`` — httpx over ASGI, lifespan entered.

    Used inside the test rather than as an async fixture: the lifespan runs the MCP session
    manager's task group, which must be left by the task that entered it.
    """
    async with asgi_client(app) as c:
        yield c


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """The one error format, in full: every RFC 9457 member and the request id."""
    return testing.assert_problem(r, status, members=True)
