"""How a query uses an index: ask the server with ``explain`` and read the winning plan.

A real MongoDB answers a tree of *stages*: ``COLLSCAN`` reads every document of the collection;
``IXSCAN`` walks an index's B-tree to the matching keys and ``FETCH`` then reads only those
documents. ``executionStats`` counts the work: ``totalKeysExamined``, ``totalDocsExamined``,
``nReturned``. A good index makes ``totalDocsExamined`` close to ``nReturned``.

The embedded nx-27017 stores collections in SQLite, and its ``explain`` says so: the winning
plan is a list of SQLite ``EXPLAIN QUERY PLAN`` lines (``SEARCH cities USING INDEX …`` or
``SCAN cities``), and its execution counters are zeros it does not measure. :func:`summarise`
reads both shapes, and says which one it read — it never dresses SQLite up as IXSCAN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_SQLITE_INDEX = re.compile(r"USING (?:COVERING )?INDEX (\S+)")


@dataclass(frozen=True)
class PlanSummary:
    #: "mongodb" (stages) or "sqlite" (nx-27017's EXPLAIN QUERY PLAN lines)
    planner: str
    uses_index: bool
    index: str | None
    #: MongoDB stage names from the root down, or the SQLite plan lines
    stages: list[str]
    #: executionStats, only where the server really measured them
    keys_examined: int | None = None
    docs_examined: int | None = None
    returned: int | None = None
    note: str = ""
    raw_plan: Any = field(default=None, repr=False)


async def explain_find(collection: Any, query: dict[str, Any]) -> PlanSummary:
    """Run ``explain`` (executionStats verbosity) for ``find(query)`` and summarise it."""
    db = collection.database
    command = {"find": collection.name, "filter": query}
    explained = await db.command("explain", command, verbosity="executionStats")
    return summarise(explained)


def summarise(explained: dict[str, Any]) -> PlanSummary:
    winning = explained.get("queryPlanner", {}).get("winningPlan")
    if isinstance(winning, list):
        return _sqlite(winning)
    if isinstance(winning, dict):
        return _mongodb(winning, explained.get("executionStats", {}))
    raise ValueError("the explain output has no winningPlan")


def _mongodb(winning: dict[str, Any], stats: dict[str, Any]) -> PlanSummary:
    # MongoDB 7+ with the slot-based engine nests the classic tree under "queryPlan".
    root = winning.get("queryPlan", winning)
    stages: list[str] = []
    index = None
    todo = [root]
    while todo:
        stage = todo.pop(0)
        stages.append(stage.get("stage", "?"))
        index = index or stage.get("indexName")
        todo.extend(stage.get("inputStages", []))
        if "inputStage" in stage:
            todo.append(stage["inputStage"])
    index_stages = {"IXSCAN", "IDHACK", "EXPRESS_IXSCAN", "EXPRESS_CLUSTERED_IXSCAN", "COUNT_SCAN"}
    return PlanSummary(
        planner="mongodb",
        uses_index=any(s in index_stages for s in stages),
        index=index or ("_id_" if {"IDHACK", "EXPRESS_IXSCAN"} & set(stages) else None),
        stages=stages,
        keys_examined=stats.get("totalKeysExamined"),
        docs_examined=stats.get("totalDocsExamined"),
        returned=stats.get("nReturned"),
        note="MongoDB's query planner: COLLSCAN reads every document, IXSCAN walks an index",
        raw_plan=winning,
    )


def _sqlite(winning: list[dict[str, Any]]) -> PlanSummary:
    lines = [str(step.get("detail", "")) for step in winning]
    index = next((m.group(1) for line in lines if (m := _SQLITE_INDEX.search(line))), None)
    return PlanSummary(
        planner="sqlite",
        uses_index=index is not None,
        index=index,
        stages=lines,
        note=(
            "nx-27017 (the embedded server) answers SQLite's EXPLAIN QUERY PLAN, not MongoDB "
            "stages: 'SEARCH … USING INDEX' is its index lookup, 'SCAN' its full scan. Its "
            "executionStats are zeros it does not measure, so none are shown. Set MONGODB_URL "
            "to see IXSCAN/COLLSCAN and totalDocsExamined from a real MongoDB."
        ),
        raw_plan=winning,
    )
