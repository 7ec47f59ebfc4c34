"""Errors in background tasks: the response is gone before the job runs.

FastAPI's ``BackgroundTasks`` run *after* the response has been sent, so an exception in
one cannot become an error response: the client already has its 201. Left alone it would
surface as "Exception in ASGI application" with no hint of which request scheduled it.
``Jobs.schedule`` wraps each job: a failure is logged with the scheduling request's id and
recorded in ``failed`` (served at ``GET /jobs/failed``), where someone can act on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import BackgroundTasks

from shared.middleware import current_request_id

log = logging.getLogger("course.day09.jobs")


@dataclass(frozen=True)
class JobRecord:
    job: str
    request_id: str
    error: str | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


class Jobs:
    """Runs background work and remembers the outcome (the last ``keep`` of each kind)."""

    def __init__(self, keep: int = 100) -> None:
        self.done: deque[JobRecord] = deque(maxlen=keep)
        self.failed: deque[JobRecord] = deque(maxlen=keep)

    def schedule(
        self,
        tasks: BackgroundTasks,
        name: str,
        job: Callable[..., Awaitable[Any]],
        *args: Any,
    ) -> None:
        # Read the id now, while the request is being handled: the job itself may run
        # after the request's context is gone (or, in a real queue, in another process).
        tasks.add_task(self._run, name, current_request_id(), job, *args)

    async def _run(
        self, name: str, request_id: str, job: Callable[..., Awaitable[Any]], *args: Any
    ) -> None:
        try:
            await job(*args)
        except Exception as exc:
            log.exception(
                "background job %s failed [request %s]",
                name,
                request_id,
                extra={"request_id": request_id},
            )
            self.failed.append(JobRecord(name, request_id, f"{type(exc).__name__}: {exc}"))
        else:
            self.done.append(JobRecord(name, request_id))


class MailerError(Exception):
    """The mail server refused or could not be reached."""


class Mailer:
    """Sends receipts. Addresses under ``.invalid`` (a TLD reserved never to exist, RFC 2606)
    fail the way a real mail server would."""

    def __init__(self) -> None:
        self.outbox: deque[tuple[str, str]] = deque(maxlen=100)

    async def send(self, to: str, text: str) -> None:
        await asyncio.sleep(0)  # the SMTP conversation, in real life
        domain = to.rpartition("@")[2]
        if domain.endswith(".invalid"):
            raise MailerError(f"no mail server for {domain}")
        self.outbox.append((to, text))
