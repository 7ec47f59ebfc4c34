"""Introduced on Day 01: the metadata every lesson declares about itself.

A lesson's ``__init__.py`` holds one ``LESSON = Lesson(...)`` and nothing else, so the course
tool can list, start and check every day without importing its (possibly heavy) code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Backend = Literal["mongo", "redis", "llm"]


@dataclass(frozen=True)
class Lesson:
    """What a day is, what it teaches, and how the course tool should start it."""

    day: int
    title: str
    learn: tuple[str, ...]
    #: backends the lesson opens; the banner and ``course doctor`` say which one is in use
    needs: tuple[Backend, ...] = ()
    #: "server": an ASGI app at ``<package>.app:create_app``; "demo": a narrated script that exits
    kind: Literal["server", "demo"] = "server"
    #: two things to try, printed in the banner (``"GET /hello"`` or a shell command)
    try_these: tuple[str, ...] = ()
    #: the request ``course check`` makes after ``/health`` answers: ``"GET /path"``
    smoke: str = "GET /health"
    #: a server lesson may also ship a narrated demo: ``python -m dayNN_x demo``
    has_demo: bool = False
    #: the app publishes ``/openapi.json`` (fuzzed by the course tests); Day 04's raw ASGI app doesn't
    openapi: bool = True
    #: a few words for the home page and ``course list`` (e.g. "Express", "OpenAPI")
    tags: tuple[str, ...] = ()

    @property
    def default_port(self) -> int:
        # One port per day, so an instructor can run several lessons side by side.
        return 8000 + self.day
