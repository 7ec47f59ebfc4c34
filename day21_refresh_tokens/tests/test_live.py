"""The lesson behind a real uvicorn, on its own database: login → refresh → reuse, over a socket."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from course.fixtures_backends import scratch_database
from day21_refresh_tokens.app import create_app

from .conftest import ADA


def test_the_theft_story_over_a_real_socket(live_app, mongo_url):
    url = live_app(create_app(database=lambda: scratch_database(mongo_url)))
    with httpx.Client(base_url=url, timeout=5) as http:
        r = http.post("/auth/login", json={**ADA, "device": "laptop"})
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
        stolen = r.json()["refresh_token"]

        # Two refreshes of one token at once, from two connections: one wins.
        with ThreadPoolExecutor(2) as pool:
            results = list(
                pool.map(
                    lambda _: httpx.post(
                        f"{url}/auth/refresh", json={"refresh_token": stolen}, timeout=5
                    ),
                    range(2),
                )
            )
        assert sorted(r.status_code for r in results) == [200, 401]
        winner = next(r for r in results if r.status_code == 200).json()

        refused = http.post("/auth/refresh", json={"refresh_token": winner["refresh_token"]})
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["www-authenticate"].startswith('Bearer realm="backend-nexus"')
        assert refused.json()["reason"] == "revoked"

        # The winner's access token works until it expires; the session list is empty.
        auth = {"Authorization": f"Bearer {winner['access_token']}"}
        assert http.get("/me", headers=auth).json()["username"] == "ada"
        assert http.get("/auth/sessions", headers=auth).json() == []
