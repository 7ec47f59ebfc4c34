"""What a backend is responsible for, and which day of the course teaches each duty.

The browser can be inspected, edited and bypassed (curl needs no page at all), so every rule
that matters has to be enforced where the client cannot reach: on the server. This list is what
``GET /api/responsibilities`` serves and what the page shows under the greeting.
"""

from __future__ import annotations

from pydantic import BaseModel


class Duty(BaseModel):
    name: str
    why: str
    days: tuple[int, ...]
    shown_today: bool = False


DUTIES: tuple[Duty, ...] = (
    Duty(
        name="validation",
        why="any client can send anything; check types, sizes and shapes before using input",
        days=(1, 6, 17),
        shown_today=True,
    ),
    Duty(
        name="http contract",
        why="clear paths, methods and status codes are the API other people program against",
        days=(1, 4, 5, 6),
        shown_today=True,
    ),
    Duty(
        name="persistence",
        why="data must outlive the request and the process, and survive a crash",
        days=(11, 12, 13, 14, 15, 16),
    ),
    Duty(
        name="authentication and authorisation",
        why="who is calling, and may they do this? the client cannot be trusted to say",
        days=(18, 19, 20, 21, 23),
    ),
    Duty(
        name="error handling",
        why="one error format for clients, full details in the logs, never a stack trace in reply",
        days=(9,),
    ),
    Duty(
        name="logging and middleware",
        why="request ids, timings and access logs are how you find out what happened",
        days=(8,),
    ),
    Duty(
        name="configuration and secrets",
        why="keys and URLs come from the environment, never from the code or the browser",
        days=(22,),
    ),
    Duty(
        name="rate limiting",
        why="one client must not be able to starve the others or run up the bill",
        days=(25, 26),
    ),
    Duty(
        name="caching",
        why="answer repeated questions without redoing the expensive work",
        days=(24,),
    ),
)
