"""Introduced on Day 01: the metadata every lesson declares about itself.

A lesson's ``__init__.py`` holds one ``LESSON = Lesson(...)`` and nothing else, so the course
tool can list, start and check every day without importing its (possibly heavy) code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Backend = Literal["mongo", "redis", "llm"]


@dataclass(frozen=True)
class Bullet:
    """One "you'll learn" bullet, the code that shows it, and the tests that prove it.

    ``code``: ``"file.py"``, ``"file.py:function"``, ``"file.py:Class.method"``, ``"app.py:create_app.page"`` (a function inside a function) or a folder
    (``"routers/"``), relative to the lesson's folder, or to the project's root when it starts
    with ``shared/`` or ``course/``. ``tests``: pytest node ids relative to the lesson's folder
    (``"tests/test_books.py::test_list_books"``). ``python -m course sync`` writes the README's
    "What you'll learn" from these; the course tests fail when one of them does not exist.
    """

    text: str
    code: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    """What a day is, what it teaches, and how the course tool should start it."""

    day: int
    title: str
    learn: tuple[Bullet, ...]
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
