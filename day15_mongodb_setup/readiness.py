"""Liveness vs readiness, and which MongoDB the lesson is talking to.

* ``GET /health`` (from ``shared.app``) — *liveness*: the process answers. It never touches the
  database, so a slow database does not get a healthy process restarted.
* ``GET /ready`` — *readiness*: one ``ping`` command round trip. When the database cannot be
  reached it answers **503** (problem+json), and a load balancer stops sending traffic here
  until it recovers.
* ``GET /connection`` — what ``shared.backends.choose`` picked (the same line the banner and
  ``python -m course doctor`` print) and what the server says it is.
"""

from __future__ import annotations

from typing import Any

from shared.backends import choose
from shared.mongo import ping


async def ready(db: Any) -> dict[str, Any]:
    """Ping, or raise ``BackendUnavailable`` (503) naming the server, its password hidden."""
    choice = choose("mongo")
    ping_ms = await ping(db, url=choice.target or None)
    return {"status": "ready", "backend": choice.kind, "ping_ms": round(ping_ms, 2)}


async def connection(db: Any) -> dict[str, Any]:
    choice = choose("mongo")
    ping_ms = await ping(db, url=choice.target or None)
    info = await db.command("buildInfo")
    # nx-27017 says who it is in buildInfo; a real mongod has no "process" field there.
    server = "nx-27017" if "nx" in str(info.get("process", "")) else "mongod"
    return {
        "backend": choice.kind,
        "using": choice.using,
        "switch_with": choice.env,
        "hint": choice.hint,
        "database": db.name,
        "server": server,
        "server_version": str(info.get("version", "?")),
        "ping_ms": round(ping_ms, 2),
    }
