"""Key names: ``<app>:<kind>:<id>`` — one flat keyspace, shared safely by naming.

A Redis database is one big dictionary with no tables. Everything the lesson writes is named
by this convention, so a glance at ``redis-cli --scan --pattern 'day23:*'`` tells what each
key is, and many apps (or test runs, each with its own prefix) can share one server::

    day23:denylist:jti:9f1c…e2           a string: a logged-out access token, until it expires
    day23:session:4b7a…90                a hash: one server-side session (key = sha256 of its id)
    day23:login:failures:ada:127.0.0.1   a string counter: failed logins in the current window

Colons separate the parts (Redis attaches no meaning to them, but every tool groups by them).
Parts that come from a request are constrained before they get here: a ``:`` inside a
username could reach into another namespace, and ``*``/``?`` are wildcards to ``SCAN``.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PREFIX = "day23:"


@dataclass(frozen=True)
class Keyspace:
    """Builds every key the lesson uses. ``prefix`` ends with ``:`` (tests pass their own)."""

    prefix: str = DEFAULT_PREFIX

    def denylist(self, jti: str) -> str:
        return f"{self.prefix}denylist:jti:{jti}"

    def session(self, id_hash: str) -> str:
        return f"{self.prefix}session:{id_hash}"

    def login_failures(self, username: str, client_ip: str) -> str:
        return f"{self.prefix}login:failures:{username}:{client_ip}"

    def pattern(self) -> str:
        """Every key of this app, for ``SCAN MATCH`` (never ``KEYS``: it blocks the server)."""
        return f"{self.prefix}*"
