"""explain: IXSCAN vs COLLSCAN on MongoDB; SQLite's plan, labelled, on the embedded server."""

from __future__ import annotations

import pytest

from day13_mongodb_internals.documents import COUNTRIES, SEED_SIZE
from day13_mongodb_internals.query_plans import summarise

from .conftest import assert_problem

PER_COUNTRY = SEED_SIZE // len(COUNTRIES)

# The shapes MongoDB answers (manual: "Explain Results"): the classic engine's tree, and
# 7.0+'s slot-based engine, which nests the same tree under "queryPlan".
MONGODB_IXSCAN = {
    "queryPlanner": {
        "winningPlan": {
            "queryPlan": {
                "stage": "FETCH",
                "inputStage": {
                    "stage": "IXSCAN",
                    "keyPattern": {"country": 1},
                    "indexName": "country_1",
                },
            },
            "slotBasedPlan": {"stages": "..."},
        }
    },
    "executionStats": {"nReturned": 40, "totalKeysExamined": 40, "totalDocsExamined": 40},
}
MONGODB_COLLSCAN = {
    "queryPlanner": {"winningPlan": {"stage": "COLLSCAN", "direction": "forward"}},
    "executionStats": {"nReturned": 1, "totalKeysExamined": 0, "totalDocsExamined": 480},
}


def test_reading_mongodb_plans():
    indexed = summarise(MONGODB_IXSCAN)
    assert (indexed.planner, indexed.stages, indexed.index) == (
        "mongodb",
        ["FETCH", "IXSCAN"],
        "country_1",
    )
    assert indexed.uses_index and (indexed.docs_examined, indexed.returned) == (40, 40)
    scanned = summarise(MONGODB_COLLSCAN)
    assert scanned.stages == ["COLLSCAN"] and not scanned.uses_index
    assert scanned.docs_examined == 480 and scanned.index is None


def test_reading_sqlite_plans_says_what_they_are():
    plan = summarise(
        {
            "queryPlanner": {
                "winningPlan": [{"detail": "SEARCH c USING INDEX idx_c_country (<expr>=?)"}]
            }
        }
    )
    assert plan.planner == "sqlite" and plan.uses_index and plan.index == "idx_c_country"
    assert plan.docs_examined is None  # nx-27017 reports zeros it never measured: not shown
    assert "not MongoDB stages" in plan.note
    with pytest.raises(ValueError):
        summarise({"ok": 1})


async def test_explain_an_indexed_and_an_unindexed_query(client):
    indexed = (await client.get("/explain", params={"field": "country", "value": "Japan"})).json()
    scanned = (await client.get("/explain", params={"field": "name", "value": "City 007"})).json()
    assert indexed["uses_index"] is True and scanned["uses_index"] is False
    assert "country" in indexed["index"]
    assert indexed["matching_documents"] == PER_COUNTRY and scanned["matching_documents"] == 1
    if indexed["planner"] == "sqlite":  # the embedded server: its own plan, said plainly
        assert indexed["stages"][0].startswith("SEARCH cities USING INDEX")
        assert scanned["stages"][0] == "SCAN cities"
        assert indexed["docs_examined"] is None and "SQLite" in indexed["note"]
    else:
        assert "IXSCAN" in indexed["stages"] and "COLLSCAN" in scanned["stages"]


@pytest.mark.real_mongo
async def test_real_mongodb_examines_only_the_documents_the_index_points_to(client):
    indexed = (await client.get("/explain", params={"field": "country", "value": "Japan"})).json()
    assert indexed["planner"] == "mongodb"
    assert indexed["stages"][:2] == ["FETCH", "IXSCAN"] and indexed["index"] == "country_1"
    assert (
        indexed["keys_examined"] == indexed["docs_examined"] == indexed["returned"] == PER_COUNTRY
    )
    scanned = (await client.get("/explain", params={"field": "name", "value": "City 007"})).json()
    assert scanned["stages"] == ["COLLSCAN"]
    assert scanned["docs_examined"] == SEED_SIZE and scanned["returned"] == 1


async def test_explain_refuses_unknown_fields_and_bad_values(client):
    assert_problem(await client.get("/explain", params={"field": "population"}), 422)
    assert_problem(await client.get("/explain", params={"field": "name", "value": ""}), 422)
    assert_problem(await client.get("/explain", params={"value": "x" * 81}), 422)


@pytest.mark.real_mongo
async def test_decimal128_adds_exactly_on_the_server(mongo_db):
    from bson import Decimal128

    await mongo_db.sums.insert_one(
        {"a": Decimal128("0.1"), "b": Decimal128("0.2"), "x": 0.1, "y": 0.2}
    )
    pipeline = [
        {"$project": {"_id": 0, "exact": {"$add": ["$a", "$b"]}, "float": {"$add": ["$x", "$y"]}}}
    ]
    row = await (await mongo_db.sums.aggregate(pipeline)).next()
    assert row == {"exact": Decimal128("0.3"), "float": 0.30000000000000004}
