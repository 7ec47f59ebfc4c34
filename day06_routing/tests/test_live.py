"""The same API behind a real uvicorn, over real sockets: what a learner's curl talks to."""

from __future__ import annotations

import httpx

from day06_routing.app import create_app


async def test_books_api_over_real_http(live_app) -> None:
    url = live_app(create_app())
    async with httpx.AsyncClient(base_url=url, timeout=5) as http:
        assert (await http.get("/health")).json() == {"status": "ok", "day": 6}
        created = await http.post(
            "/books",
            json={
                "title": "Contact",
                "author_id": 2,
                "year": 1985,
                "genre": "fiction",
                "price_cents": 999,
            },
        )
        assert created.status_code == 201
        assert (await http.get(created.headers["location"])).json()["title"] == "Contact"
        assert (await http.put("/books/1")).status_code == 405
        assert (await http.get("/books/abc")).status_code == 422
        assert (await http.get("/nope")).status_code == 404
        v0 = (await http.get("/v0/books")).json()
        assert "Contact" in [b["name"] for b in v0]
        assert (await http.get("/v0/docs")).status_code == 200
