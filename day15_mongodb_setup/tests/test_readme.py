"""The README is part of the lesson: three ways to get MongoDB, and a row for every call."""

from __future__ import annotations

import re
from pathlib import Path

from day15_mongodb_setup.app import create_app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_three_ways_to_get_mongodb():
    assert "https://repo.mongodb.org/apt/ubuntu noble/mongodb-org/8.0 multiverse" in README
    assert "http://repo.mongodb.org/apt/debian bookworm/mongodb-org/8.0 main" in README
    assert "sudo apt-get install -y mongodb-org" in README
    assert "docker run -d --name mongo -p 127.0.0.1:27017:27017" in README and "mongo:8" in README
    assert "Atlas" in README and "mongodb+srv://" in README
    assert "MONGODB_URL=mongodb://localhost:27017 python -m day15_mongodb_setup" in README


def test_every_call_has_its_mongosh_twin_in_the_table():
    rows = [line for line in README.splitlines() if line.startswith("| ")]
    table = "\n".join(rows)
    paths = create_app().openapi()["paths"]
    routes = {
        (method.upper(), path)
        for path, ops in paths.items()
        if path.startswith("/products")
        for method in ops
    }
    assert routes == {
        ("POST", "/products"),
        ("GET", "/products"),
        ("GET", "/products/{product_id}"),
        ("PATCH", "/products/{product_id}"),
        ("DELETE", "/products/{product_id}"),
    }
    for method, path in routes:
        shown = path.replace("{product_id}", "{id}")
        row = next((r for r in rows if r.startswith(f"| `{method} {shown}")), None)
        assert row is not None, f"no table row for {method} {shown}"
        assert re.search(r"db\.products\.\w+\(", row), f"no mongosh command for {method} {shown}"
    for shell in (
        "insertOne",
        "findOne",
        ".find(",
        ".limit(",
        "updateOne",
        "$set",
        "deleteOne",
        "createIndex",
    ):
        assert shell in table
