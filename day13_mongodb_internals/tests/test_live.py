"""The lesson behind a real uvicorn, as a learner runs it, and its narrated demo."""

from __future__ import annotations

import uuid

import httpx

from day13_mongodb_internals import demo
from day13_mongodb_internals.app import create_app

ADA_HEX = "1a000000026e616d65000400000041646100106e000500000000"


def test_over_a_real_socket(live_app):
    # The app's own lifespan: embedded nx-27017, or MONGODB_URL when it is set.
    url = live_app(create_app())
    with httpx.Client(base_url=url, timeout=10) as http:
        encoded = http.post("/bson/encode", json={"document": {"name": "Ada", "n": 5}})
        assert encoded.status_code == 200 and encoded.json()["hex"] == ADA_HEX
        decoded = http.post("/bson/decode", json={"hex": ADA_HEX})
        assert decoded.json()["relaxed"] == {"name": "Ada", "n": 5}

        refused = http.post("/bson/decode", json={"hex": ADA_HEX[:-2]})
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["request_id"] == refused.headers["x-request-id"]

        name = f"live-{uuid.uuid4().hex[:8]}"  # a real MongoDB keeps data between runs
        created = http.post(
            "/cities", json={"_id": name, "name": "X", "country": "Peru", "population": 1}
        )
        assert created.status_code == 201
        assert (
            http.post(
                "/cities", json={"_id": name, "name": "Y", "country": "Peru", "population": 1}
            ).status_code
            == 409
        )

        plan = http.get("/explain", params={"field": "country", "value": "Japan"}).json()
        assert plan["uses_index"] is True and plan["matching_documents"] >= 40


def test_the_demo_narrates_every_part(capsys):
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    for heading in (
        "1. BSON byte by byte",
        "2. The types JSON lacks",
        "3. An ObjectId is made by the driver",
        "4. Documents and _id",
        "5. Indexes and how a query uses them",
        "6. WiredTiger",
    ):
        assert heading in out
    assert "0000  28 00 00 00" in out  # the demo document's length, 40 bytes
    assert "unknown element type 0x99" in out and "only 39 follow" in out
    assert "(== 0.3? False)" in out and "= 0.3 (== 0.3? True)" in out
    assert "DuplicateKeyError, code 11000" in out
    assert "no index: a full scan" in out and "40 per country" in out
