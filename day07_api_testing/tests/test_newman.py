"""The Postman collection, run by the real newman against the lesson as a real process."""

from __future__ import annotations

import json

from day07_api_testing.collection_run import COLLECTION, DEBUGGING, ENVIRONMENT, run_collection


def test_collection_passes_against_the_running_lesson(lesson_process) -> None:
    lesson = lesson_process("day07_api_testing")
    run = run_collection(lesson.url)
    assert run.exit_code == 0, run.output
    assert run.failures == []
    assert run.requests == 10
    assert run.assertions >= 19


def test_a_failing_check_fails_the_run_and_names_the_assertion(lesson_process) -> None:
    lesson = lesson_process("day07_api_testing")
    run = run_collection(lesson.url, DEBUGGING)
    assert run.exit_code != 0, "a failing assertion must fail newman (and so CI)"
    assert len(run.failures) == 1
    assert "List my tasks (forgot the token)" in run.failures[0]
    assert "status is 200" in run.failures[0] and "401" in run.failures[0]


def test_collection_is_v21_with_scripts_auth_and_a_chained_value() -> None:
    collection = json.loads(COLLECTION.read_text())
    assert collection["info"]["schema"].endswith("/v2.1.0/collection.json")
    assert collection["auth"]["type"] == "bearer"
    scripts = {
        item["name"]: "\n".join(
            line for e in item["event"] if e["listen"] == "test" for line in e["script"]["exec"]
        )
        for item in collection["item"]
    }
    assert all("pm.test(" in s for s in scripts.values()), "every request checks its answer"
    # Chaining: one response sets taskId, later requests use it in their URL.
    assert "pm.collectionVariables.set('taskId'" in scripts["Create a task"]
    assert "pm.environment.set('token'" in scripts["Log in"]
    urls = [item["request"]["url"]["raw"] for item in collection["item"]]
    assert sum("{{taskId}}" in u for u in urls) >= 3


def test_environment_holds_the_per_machine_values() -> None:
    env = {v["key"]: v for v in json.loads(ENVIRONMENT.read_text())["values"]}
    assert env["baseUrl"]["value"].startswith("http://localhost:")
    assert env["password"]["type"] == "secret", "Postman hides secrets in its UI"


def test_collection_logs_in_once_and_sends_the_token_as_a_bearer_header() -> None:
    collection = json.loads(COLLECTION.read_text())
    # The collection's auth sends {{token}} as a Bearer header on every request that inherits it.
    assert collection["auth"] == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}],
    }
    items = {item["name"]: item for item in collection["item"]}
    logins = [n for n, i in items.items() if "pm.environment.set('token'" in _script(i)]
    assert logins == ["Log in"], "the token is stored once, by the log-in request"
    opted_out = {
        n for n, i in items.items() if i["request"].get("auth", {}).get("type") == "noauth"
    }
    assert opted_out == {
        "Health",
        "Log in with a wrong password",
        "Log in",
        "List tasks without a token",
    }, "only the requests that must not send the token opt out of it"


def test_created_id_is_chained_into_the_next_requests() -> None:
    items = json.loads(COLLECTION.read_text())["item"]
    names = [item["name"] for item in items]
    create = names.index("Create a task")
    assert "pm.collectionVariables.set('taskId', task.id)" in _script(items[create])
    uses = [i for i, item in enumerate(items) if "{{taskId}}" in item["request"]["url"]["raw"]]
    assert len(uses) >= 3 and min(uses) > create, "taskId is used only after it is set"


def _script(item: dict) -> str:
    return "\n".join(
        line for e in item["event"] if e["listen"] == "test" for line in e["script"]["exec"]
    )
