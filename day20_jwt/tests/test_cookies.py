"""The token as a cookie and as a Bearer header: attributes, the header-wins rule, CSRF, logout."""

from __future__ import annotations

from day20_jwt.anatomy import inspect
from day20_jwt.cookies import COOKIE_NAME

from .conftest import ADA, GRACE, assert_problem, assert_refused, bearer, login


def cookie_attributes(set_cookie: str) -> tuple[str, str, dict[str, str]]:
    pair, *attributes = (part.strip() for part in set_cookie.split(";"))
    name, _, value = pair.partition("=")
    parsed = {}
    for attribute in attributes:
        key, _, val = attribute.partition("=")
        parsed[key.lower()] = val
    return name, value, parsed


async def test_login_sets_an_httponly_secure_samesite_cookie(client):
    r = await client.post("/auth/login", json=ADA)
    name, value, attributes = cookie_attributes(r.headers["set-cookie"])
    assert name == COOKIE_NAME == "__Host-access_token"
    assert value == r.json()["access_token"]  # the same token, two ways
    assert "httponly" in attributes  # JavaScript (and so XSS) cannot read it
    assert "secure" in attributes  # never sent over plain http (localhost aside)
    assert attributes["samesite"].lower() == "strict"  # never sent on another site's requests
    assert attributes["path"] == "/"
    assert "domain" not in attributes  # host-only: required by the __Host- prefix
    claims = inspect(value).payload
    assert int(attributes["max-age"]) == r.json()["expires_in"] == claims["exp"] - claims["iat"]


async def test_a_browser_is_authenticated_by_the_cookie_alone(browser):
    await browser.post("/auth/login", json=ADA)
    r = await browser.get("/me")  # no Authorization header: the jar sends the cookie
    assert r.status_code == 200
    assert r.json()["username"] == "ada" and r.json()["token"]["source"] == "cookie"


async def test_the_header_wins_over_the_cookie(browser, client):
    await browser.post("/auth/login", json=GRACE)  # the browser's jar holds grace's cookie
    ada = await login(client, ADA)
    r = await browser.get("/me", headers=bearer(ada))
    assert r.status_code == 200
    assert r.json()["username"] == "ada" and r.json()["token"]["source"] == "header"


async def test_a_bad_header_does_not_fall_back_to_a_good_cookie(browser):
    await browser.post("/auth/login", json=ADA)
    assert_refused(await browser.get("/me", headers=bearer("not-a-token")), "malformed")
    assert_refused(
        await browser.get("/me", headers={"Authorization": "Basic YWRhOng="}), "malformed"
    )


async def test_csrf_cookie_authenticated_writes_need_the_custom_header(browser, app):
    await browser.post("/auth/login", json=ADA)
    refused = await browser.post("/me/notes", json={"text": "from evil.example"})
    body = assert_problem(refused, 403)
    assert body["type"] == "/problems/csrf"
    assert app.state.notes["ada"] == []  # nothing written
    # Our own page's fetch() adds the header; a cross-origin form cannot.
    ok = await browser.post(
        "/me/notes", json={"text": "from our page"}, headers={"X-Requested-With": "fetch"}
    )
    assert ok.status_code == 201 and ok.json()["notes"] == ["from our page"]
    # Reading needs no header: GET changes nothing, and CORS keeps other origins from reading.
    assert (await browser.get("/me")).status_code == 200


async def test_header_authenticated_writes_need_no_csrf_header(client, app):
    token = await login(client)
    r = await client.post("/me/notes", json={"text": "via bearer"}, headers=bearer(token))
    assert r.status_code == 201
    assert app.state.notes["ada"] == ["via bearer"]


async def test_no_credentials_gets_a_bare_challenge(client):
    r = await client.get("/me")
    body = assert_problem(r, 401)
    assert body["type"] == "/problems/missing-token" and body["reason"] == "missing"
    assert r.headers["www-authenticate"] == 'Bearer realm="backend-nexus"'  # RFC 6750 §3.1


async def test_logout_clears_the_cookie_but_the_token_lives_until_exp(browser):
    token = await login(browser, ADA)
    r = await browser.post("/auth/logout")
    assert r.status_code == 204
    name, value, attributes = cookie_attributes(r.headers["set-cookie"])
    assert name == COOKIE_NAME and value in ("", '""') and attributes["max-age"] == "0"
    assert attributes["path"] == "/" and "secure" in attributes  # same cookie, so it is replaced
    assert_problem(await browser.get("/me"), 401)
    # Stateless: whoever kept a copy can still use it. Day 23 adds a denylist for that.
    assert (await browser.get("/me", headers=bearer(token))).status_code == 200
