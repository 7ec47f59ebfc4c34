"""Persistence and eviction, read from the running server: what survives a restart, what is dropped.

Redis keeps everything in memory; persistence is how (and whether) it reaches the disk:

* **RDB snapshots** (``save 3600 1 300 100 60 10000``): every so often a forked child writes
  the whole dataset to ``dump.rdb``. Compact and quick to load; a crash loses the writes
  since the last snapshot (minutes).
* **AOF** (``appendonly yes``): every write command is appended to a log, replayed at start.
  ``appendfsync`` says when the log is forced to disk: ``always`` (every write — safest,
  slowest), ``everysec`` (the default: lose at most about a second), ``no`` (when the OS
  decides, typically within 30 s).
* **none** (``save ""`` and ``appendonly no``): a restart starts empty. The course's private
  ``redis-server`` runs like this: it is a scratch server, deleted when the lesson stops.

And when memory runs out (``maxmemory``), ``maxmemory-policy`` decides: ``noeviction`` (writes
fail — right for data you must not lose), ``allkeys-lru`` / ``allkeys-lfu`` (drop the least
recently / frequently used key — right for a pure cache), ``volatile-lru``, ``volatile-ttl``…
(only keys that have a TTL), or ``allkeys-random``.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from day24_redis.keyspace import RedisDep
from shared.errors import problem_responses

SETTINGS = ("save", "appendonly", "appendfsync", "maxmemory", "maxmemory-policy")


class PersistenceOut(BaseModel):
    #: "none", "rdb", "aof", "rdb+aof" — or "unknown" when the server refuses CONFIG
    mode: str
    #: CONFIG GET answers, e.g. {"save": "", "appendonly": "no", "appendfsync": "everysec"}
    config: dict[str, str]
    #: from INFO persistence: when the last snapshot was written (0: never), and its status
    rdb_last_save_time: int | None
    rdb_last_bgsave_status: str | None


def mode_of(config: dict[str, str]) -> str:
    if "save" not in config or "appendonly" not in config:
        return "unknown"
    parts = [
        name
        for name, on in (("rdb", config["save"] != ""), ("aof", config["appendonly"] == "yes"))
        if on
    ]
    return "+".join(parts) or "none"


async def persistence(r: Redis) -> PersistenceOut:
    config: dict[str, str] = {}
    try:
        for setting in SETTINGS:
            config.update(await r.config_get(setting))
    except ResponseError:
        # Managed services (and renamed commands) may refuse CONFIG: say "unknown", not 500.
        config = {}
    info = await r.info("persistence")
    return PersistenceOut(
        mode=mode_of(config),
        config=config,
        rdb_last_save_time=info.get("rdb_last_save_time"),
        rdb_last_bgsave_status=info.get("rdb_last_bgsave_status"),
    )


router = APIRouter(prefix="/server", tags=["server"])


@router.get("/persistence", response_model=PersistenceOut, responses=problem_responses(503))
async def server_persistence(r: RedisDep) -> PersistenceOut:
    """CONFIG GET save / appendonly / appendfsync / maxmemory-policy, and INFO persistence."""
    return await persistence(r)
