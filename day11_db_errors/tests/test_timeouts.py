"""Which timeout applies: serverSelectionTimeoutMS, until a client-side operation timeout replaces it.

That replacement is why the guard gives each *attempt* its own ``pymongo.timeout()``: one block
around the whole request would spend the budget on the first attempt against a dead server.
"""

from __future__ import annotations

import re
from typing import Any

import pymongo
import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import ServerSelectionTimeoutError

from course.net import free_port


def selection_timeout(exc: ServerSelectionTimeoutError) -> float:
    """The timeout PyMongo says it used: "…, Timeout: 0.1s, Topology Description: …"."""
    match = re.search(r"Timeout: ([0-9.]+)s", str(exc))
    assert match, str(exc)
    return float(match.group(1))


async def test_a_client_side_operation_timeout_replaces_server_selection_timeout():
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        f"mongodb://127.0.0.1:{free_port()}/?directConnection=true",
        serverSelectionTimeoutMS=100,
        retryReads=False,
    )
    items = client["shop"]["items"]
    try:
        with pytest.raises(ServerSelectionTimeoutError) as plain:
            await items.find_one({})
        assert selection_timeout(plain.value) == pytest.approx(0.1)

        with pytest.raises(ServerSelectionTimeoutError) as bounded, pymongo.timeout(0.45):
            await items.find_one({})
        assert selection_timeout(bounded.value) > 0.3, "the block's time, not the 0.1 s"
        # The guard's answer: a deadline per attempt (tests/test_outages.py counts the
        # attempts a frozen server gets within one request's budget).

    finally:
        await client.close()
