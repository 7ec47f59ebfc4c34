"""Checks for the README's exercises: they fail until you have done each one."""

from __future__ import annotations

import json
from pathlib import Path

POSTMAN = Path(__file__).resolve().parent.parent / "postman"


def items() -> list[dict]:
    return json.loads((POSTMAN / "tasks.postman_collection.json").read_text())["item"]


def test_stats_request() -> None:
    stats = [i for i in items() if i["request"]["url"]["raw"].endswith("/tasks/stats")]
    assert stats, "add a request to {{baseUrl}}/tasks/stats"
    script = "\n".join(line for e in stats[0]["event"] for line in e["script"]["exec"])
    assert "pm.test(" in script and "tasks" in script


def test_patch_validation() -> None:
    patches = [i for i in items() if i["request"]["method"] == "PATCH"]
    bad = [p for p in patches if '"title": ""' in p["request"].get("body", {}).get("raw", "")]
    assert bad, 'add a PATCH request whose body is {"title": ""}'
    script = "\n".join(line for e in bad[0]["event"] for line in e["script"]["exec"])
    assert "422" in script


def test_ci_environment() -> None:
    path = POSTMAN / "ci.postman_environment.json"
    assert path.exists(), "create postman/ci.postman_environment.json"
    ci = {v["key"]: v["value"] for v in json.loads(path.read_text())["values"]}
    local = {
        v["key"]
        for v in json.loads((POSTMAN / "local.postman_environment.json").read_text())["values"]
    }
    assert set(ci) == local
    assert ci["baseUrl"] == "http://127.0.0.1:8107"
