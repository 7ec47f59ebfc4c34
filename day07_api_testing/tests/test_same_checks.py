"""The collection's checks again, as pytest + httpx: the same chain, in Python."""

from __future__ import annotations

import httpx
import pytest

from day07_api_testing.app import create_app
from day07_api_testing.tasks import DEMO_USER


@pytest.fixture
async def client(client_for):
    async with client_for(create_app()) as c:
        yield c


async def login(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post(
        "/auth/token", json={"username": DEMO_USER[0], "password": DEMO_USER[1]}
    )
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_the_whole_chain(client: httpx.AsyncClient) -> None:
    wrong = await client.post("/auth/token", json={"username": "ada", "password": "nope"})
    assert wrong.status_code == 401 and "access_token" not in wrong.json()
    auth = await login(client)

    no_token = await client.get("/tasks")
    assert no_token.status_code == 401 and no_token.headers["www-authenticate"] == "Bearer"

    created = await client.post("/tasks", json={"title": "write tests"}, headers=auth)
    assert created.status_code == 201
    task_id = created.json()["id"]  # chained into the next requests

    got = await client.get(f"/tasks/{task_id}", headers=auth)
    assert got.status_code == 200 and got.json()["id"] == task_id

    patched = await client.patch(f"/tasks/{task_id}", json={"done": True}, headers=auth)
    assert patched.json()["done"] is True

    assert (await client.delete(f"/tasks/{task_id}", headers=auth)).status_code == 204
    assert (await client.get(f"/tasks/{task_id}", headers=auth)).status_code == 404


async def test_another_users_token_cannot_see_my_task(client: httpx.AsyncClient) -> None:
    auth = await login(client)
    task_id = (await client.post("/tasks", json={"title": "mine"}, headers=auth)).json()["id"]
    forged = {"Authorization": "Bearer not-a-real-token"}
    assert (await client.get(f"/tasks/{task_id}", headers=forged)).status_code == 401
    assert (
        await client.get(f"/tasks/{task_id}", headers={"Authorization": "Basic x"})
    ).status_code == 401


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ('{"title": ', {"content-type": "application/json"}),  # malformed JSON
        ('{"title": 5}', {"content-type": "application/json"}),  # wrong type
        (
            '{"title": "x", "owner": "mallory"}',
            {"content-type": "application/json"},
        ),  # unknown field
        ('{"title": "' + "x" * 201 + '"}', {"content-type": "application/json"}),  # too long
    ],
)
async def test_bad_bodies_are_422_and_write_nothing(
    client: httpx.AsyncClient, body, headers
) -> None:
    auth = await login(client)
    response = await client.post("/tasks", content=body, headers={**headers, **auth})
    assert response.status_code == 422
    assert "detail" in response.json()
    assert (await client.get("/tasks/stats")).json() == {"tasks": 0, "done": 0}


async def test_oversized_body_is_413_and_writes_nothing(client: httpx.AsyncClient) -> None:
    auth = await login(client)
    huge = '{"title": "' + "x" * 2_000_000 + '"}'
    response = await client.post(
        "/tasks", content=huge, headers={"content-type": "application/json", **auth}
    )
    assert response.status_code == 413
    assert (await client.get("/tasks/stats")).json()["tasks"] == 0
