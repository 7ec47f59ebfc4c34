"""The lesson behind a real uvicorn: the headers as they cross a socket."""

from __future__ import annotations

import re

import httpx

from day20_jwt import demo
from day20_jwt.anatomy import inspect
from day20_jwt.app import create_app
from day20_jwt.attacks import alg_none
from day20_jwt.cookies import COOKIE_NAME

from .conftest import ADA


def test_login_and_me_over_a_real_socket(live_app):
    url = live_app(create_app())
    with httpx.Client(base_url=url, timeout=5) as http:
        r = http.post("/auth/login", json=ADA)
        assert r.status_code == 200
        set_cookie = r.headers["set-cookie"]
        assert set_cookie.startswith(f"{COOKIE_NAME}=") and "HttpOnly" in set_cookie
        token = r.json()["access_token"]

        # A Bearer header, and the cookie sent as a browser would (httpx keeps Secure cookies
        # for https only, so it is written out by hand here).
        by_header = http.get("/me", headers={"Authorization": f"Bearer {token}"})
        by_cookie = http.get("/me", headers={"Cookie": f"{COOKIE_NAME}={token}"})
        assert by_header.json()["token"]["source"] == "header"
        assert by_cookie.json()["token"]["source"] == "cookie"

        anatomy = inspect(token)
        forged = alg_none(anatomy.header, {**anatomy.payload, "sub": "grace"})
        refused = http.get("/me", headers={"Authorization": f"Bearer {forged}"})
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["www-authenticate"].startswith('Bearer realm="backend-nexus"')

        huge = http.get("/me", headers={"Authorization": "Bearer " + "e" * 8000})
        assert huge.status_code == 401 and huge.json()["reason"] == "too-long"


def test_the_demo_refuses_every_attack(capsys):
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    refused, tried = re.search(r"(\d+) of (\d+) attacks refused with 401", out).groups()
    assert refused == tried and int(tried) >= 14
