"""Authentication as a dependency: declared per route, documented, replaceable in tests."""

from __future__ import annotations

import pytest

from day21_refresh_tokens.current_user import Principal, current_user
from shared.tokens import issue, verify

from .conftest import ACCESS_PROBLEM, assert_problem, assert_refused, bearer, login

PROTECTED = [
    ("get", "/me"),
    ("get", "/auth/sessions"),
    ("post", "/auth/logout"),
    ("post", "/auth/logout-all"),
]
PUBLIC = [("post", "/auth/login"), ("post", "/auth/refresh"), ("get", "/health")]


async def test_the_dependency_shows_in_the_openapi_where_it_is_declared(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    for method, path in PROTECTED:
        assert paths[path][method]["security"] == [{"HTTPBearer": []}], path
    for method, path in PUBLIC:
        assert "security" not in paths[path][method], path


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_every_protected_route_refuses_a_request_without_a_token(client, method, path):
    r = await client.request(method, path, json={"refresh_token": "x" * 43})
    body = assert_problem(r, 401)
    assert body["type"] == "/problems/missing-token"
    assert r.headers["www-authenticate"] == 'Bearer realm="backend-nexus"'


async def test_public_routes_need_no_token(client):
    """What a middleware would need an allow-list of paths for, routes simply do not declare."""
    assert (await client.get("/health")).status_code == 200
    assert (await client.get("/.well-known/jwks.json")).status_code == 200
    assert (await login(client))["access_token"]


async def test_the_dependency_can_be_replaced_in_a_test(client, app):
    pair = await login(client)
    verified = verify(pair["access_token"], app.state.keys, app.state.policy)
    app.dependency_overrides[current_user] = lambda: Principal(
        app.state.users["grace"], "a-session", verified
    )
    r = await client.get("/me")  # no header at all
    assert r.json()["username"] == "grace" and r.json()["session_id"] == "a-session"
    app.dependency_overrides.clear()
    assert_problem(await client.get("/me"), 401)


async def test_the_principal_is_who_the_verified_token_says(client, app):
    pair = await login(client, device="desk")
    me = (await client.get("/me", headers=bearer(pair))).json()
    assert me == {
        "username": "ada",
        "name": "Ada Lovelace",
        "session_id": pair["session_id"],
        "access_token_expires_at": me["access_token_expires_at"],
    }
    sessions = (await client.get("/auth/sessions", headers=bearer(pair))).json()
    assert [(s["device"], s["current"]) for s in sessions] == [("desk", True)]

    ghost = issue(app.state.keys, app.state.policy, "ghost", claims={"sid": "s"}).token
    assert_refused(
        await client.get("/me", headers=bearer(ghost)), "unknown-subject", ACCESS_PROBLEM
    )
    no_sid = issue(app.state.keys, app.state.policy, "ada").token
    assert_refused(await client.get("/me", headers=bearer(no_sid)), "missing-claim", ACCESS_PROBLEM)
    basic = {"Authorization": "Basic YWRhOmFuYWx5dGljYWwtZW5naW5l"}
    assert_refused(await client.get("/me", headers=basic), "malformed", ACCESS_PROBLEM)
