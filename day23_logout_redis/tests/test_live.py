"""Two real uvicorn servers sharing one Redis: log out on one, refused by the other."""

from __future__ import annotations

import httpx

from .conftest import ADA, CSRF, GRACE


def test_two_servers_share_logouts_and_sessions(live_app, make_app):
    a, b = live_app(make_app()), live_app(make_app())
    with httpx.Client(base_url=a, timeout=5) as on_a, httpx.Client(base_url=b, timeout=5) as on_b:
        assert on_a.get("/ready").json()["status"] == "ready"

        token = on_a.post("/auth/login", json=ADA).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        assert on_b.get("/me", headers=auth).json()["username"] == "ada"
        assert on_a.post("/auth/logout", headers=auth).status_code == 200
        refused = on_b.get("/me", headers=auth)
        assert refused.status_code == 401 and refused.json()["reason"] == "revoked"
        assert refused.headers["content-type"] == "application/problem+json"

        # The session cookie is Secure, so over plain http the test sends it by hand.
        login = on_b.post("/sessions/login", json=GRACE)
        session = {"Cookie": f"__Host-session={login.cookies['__Host-session']}"}
        assert on_a.get("/sessions/me", headers=session).json()["username"] == "grace"
        assert on_a.post("/sessions/logout", headers={**session, **CSRF}).status_code == 204
        assert on_b.get("/sessions/me", headers=session).status_code == 401
