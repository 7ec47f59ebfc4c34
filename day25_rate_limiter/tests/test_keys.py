"""What a limit is *per*: users, IPs, route templates and combinations keep budgets apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute

from shared.ratelimit import by_forwarded_ip, by_ip, by_route, by_user, combine

from .conftest import assert_problem, make_request

ALICE = {"X-API-Key": "alice-key"}
BOB = {"X-API-Key": "bob-key"}


def test_by_ip_uses_the_socket_peer_and_ignores_x_forwarded_for() -> None:
    forged = make_request("203.0.113.7", {"X-Forwarded-For": "198.51.100.1"})
    assert by_ip(forged) == "ip:203.0.113.7"
    assert by_ip(make_request(None)) == "ip:unknown"


def test_an_ipv6_client_is_keyed_by_its_slash_64() -> None:
    # One host usually owns a whole /64: keyed per address, it would have 2**64 budgets.
    a = by_ip(make_request("2001:db8:1:2:aaaa::1"))
    b = by_ip(make_request("2001:db8:1:2:ffff::99"))
    assert a == b == "ip:2001:db8:1:2::/64"
    assert by_ip(make_request("2001:db8:1:3::1")) != a
    assert by_ip(make_request("::ffff:192.0.2.5")) == "ip:192.0.2.5"


def test_forwarded_for_is_read_only_from_a_trusted_proxy_and_from_the_right() -> None:
    key = by_forwarded_ip("10.0.0.0/8")
    # Straight from the internet: the header is the client's own claim, ignored.
    assert key(make_request("198.51.100.9", {"X-Forwarded-For": "1.2.3.4"})) == "ip:198.51.100.9"
    # Through our proxy (10.0.0.2): the address it appended, the rightmost one, is the client.
    via_proxy = make_request("10.0.0.2", {"X-Forwarded-For": "1.2.3.4, 198.51.100.9"})
    assert key(via_proxy) == "ip:198.51.100.9"  # "1.2.3.4" was written by the client
    # Two of our proxies in a row: skip both.
    chain = make_request("10.0.0.2", {"X-Forwarded-For": "198.51.100.9, 10.0.0.7"})
    assert key(chain) == "ip:198.51.100.9"
    # Several header lines are one list, in order.
    lines = make_request(
        "10.0.0.2", [("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-For", "198.51.100.9")]
    )
    assert key(lines) == "ip:198.51.100.9"
    # Garbage where an address should be, or no header: key by the proxy, never by the text.
    assert key(make_request("10.0.0.2", {"X-Forwarded-For": "not-an-ip"})) == "ip:10.0.0.2"
    assert key(make_request("10.0.0.2")) == "ip:10.0.0.2"


def test_by_user_needs_a_verified_user_and_falls_back_to_the_ip() -> None:
    request = make_request("203.0.113.7", {"X-API-Key": "anything"})
    assert by_user(request) == "ip:203.0.113.7"  # a raw header is not an identity
    request.state.user = "alice"
    assert by_user(request) == "user:alice"


def test_by_route_uses_the_route_template() -> None:
    request = make_request(path="/items/7")
    request.scope["route"] = APIRoute("/items/{item_id:int}", endpoint=lambda item_id: None)
    assert by_route(request) == "route:GET /items/{item_id}"  # converters stripped


def test_combine_joins_keys() -> None:
    request = make_request("203.0.113.7")
    request.state.user = "alice"
    key = combine(by_user, by_ip)
    assert key(request) == "user:alice|ip:203.0.113.7"
    assert key.__name__ == "by_user+by_ip"


async def test_each_ip_has_its_own_search_budget(app: FastAPI, connect: Callable[..., Any]) -> None:
    async with connect(app, ip="198.51.100.1") as first, connect(app, ip="198.51.100.2") as second:
        for _ in range(5):
            assert (await first.get("/search", params={"q": "it"})).status_code == 200
        assert_problem(await first.get("/search", params={"q": "it"}), 429)
        r = await second.get("/search", params={"q": "it"})
        assert r.status_code == 200 and r.headers["RateLimit-Remaining"] == "4"


async def test_each_user_has_its_own_upload_bucket(client: httpx.AsyncClient) -> None:
    payload = b"x" * 32 * 1024  # half of the 64 KiB bucket
    for _ in range(2):
        r = await client.post("/upload", params={"name": "a.bin"}, content=payload, headers=ALICE)
        assert r.status_code == 201
    assert_problem(
        await client.post("/upload", params={"name": "a.bin"}, content=payload, headers=ALICE), 429
    )
    # Same IP, another user: a full bucket of its own.
    r = await client.post("/upload", params={"name": "b.bin"}, content=payload, headers=BOB)
    assert r.status_code == 201
    assert int(r.headers["RateLimit-Remaining"]) == int(r.headers["RateLimit-Limit"]) - 32 * 1024


async def test_the_route_template_is_the_key_not_the_url(client: httpx.AsyncClient) -> None:
    # /items/1, /items/2 … /items/99 are one route: enumerating ids earns no fresh budget.
    statuses = [(await client.get(f"/items/{i}")).status_code for i in range(1, 11)]
    assert statuses == [200] * 5 + [404] * 5  # a 404 still costs: the limit runs first
    r = await client.get("/items/3")
    assert_problem(r, 429)
    assert r.json()["violated-policies"] == ["catalog"]
    # Another route behind the same limiter has its own count.
    listing = await client.get("/items")
    assert listing.status_code == 200 and listing.headers["RateLimit-Remaining"] == "9"


async def test_signed_in_and_anonymous_callers_from_one_ip_are_counted_apart(
    client: httpx.AsyncClient,
) -> None:
    job = {"task": "resize"}
    anonymous = [(await client.post("/jobs", json=job)).status_code for _ in range(4)]
    assert anonymous == [202, 202, 202, 429]
    r = await client.post("/jobs", json=job, headers=ALICE)
    assert r.status_code == 202 and r.json()["owner"] == "alice"
