"""The JSON API: request in, status code and JSON body out, bad input refused with 422."""

from __future__ import annotations

import pytest

from day01_intro.app import MAX_MESSAGE, MAX_NAME, create_app


async def test_greeting_is_a_json_response(client_for) -> None:
    async with client_for(create_app()) as client:
        response = await client.get("/api/greeting", params={"name": "Ada"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"message": "Hello, Ada!"}


async def test_greeting_has_a_default_and_accepts_the_longest_name(client_for) -> None:
    async with client_for(create_app()) as client:
        default = await client.get("/api/greeting")
        longest = await client.get("/api/greeting", params={"name": "a" * MAX_NAME})
    assert default.json() == {"message": "Hello, world!"}
    assert longest.status_code == 200


@pytest.mark.parametrize("name", ["", "a" * (MAX_NAME + 1), "x" * 10_000])
async def test_bad_name_is_refused_with_422(client_for, name: str) -> None:
    async with client_for(create_app()) as client:
        response = await client.get("/api/greeting", params={"name": name})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "name"], "the client is told which input was wrong"


async def test_echo_answers_with_what_it_understood(client_for) -> None:
    async with client_for(create_app()) as client:
        response = await client.post("/api/echo", json={"message": "hi there"})
    assert response.status_code == 200
    assert response.json() == {"you_sent": "hi there", "length": 8}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"message": "hi", "admin": True}, "extra_forbidden"),
        ({"message": ""}, "string_too_short"),
        ({"message": "a" * (MAX_MESSAGE + 1)}, "string_too_long"),
        ({"message": 5}, "string_type"),
        ({}, "missing"),
        (("text/plain", b"message=hi"), "model_attributes_type"),
        (("application/json", b'{"message": '), "json_invalid"),
    ],
)
async def test_bad_echo_body_is_refused_with_422(client_for, body, problem: str) -> None:
    async with client_for(create_app()) as client:
        if isinstance(body, tuple):  # raw bytes with a content type: not (valid) JSON
            content_type, raw = body
            headers = {"content-type": content_type}
            response = await client.post("/api/echo", content=raw, headers=headers)
        else:
            response = await client.post("/api/echo", json=body)
    assert response.status_code == 422
    assert problem in {error["type"] for error in response.json()["detail"]}
    assert "you_sent" not in response.text, "the handler never ran"


async def test_method_and_path_pick_the_handler(client_for) -> None:
    async with client_for(create_app()) as client:
        wrong_method = await client.get("/api/echo")
        wrong_path = await client.get("/api/nothing-here")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert wrong_path.status_code == 404


async def test_health_says_the_server_is_up(client_for) -> None:
    async with client_for(create_app()) as client:
        response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "day": 1}


async def test_responsibilities_name_the_duties_and_their_days(client_for) -> None:
    async with client_for(create_app()) as client:
        duties = (await client.get("/api/responsibilities")).json()
    names = {duty["name"] for duty in duties}
    assert {"validation", "persistence", "authentication and authorisation"} <= names
    assert {"error handling", "rate limiting"} <= names
    assert all(1 <= day <= 34 for duty in duties for day in duty["days"])
    today = {duty["name"] for duty in duties if duty["shown_today"]}
    assert "validation" in today and all(1 in d["days"] for d in duties if d["shown_today"])
