"""The day's attacks, narrated: each one against the vulnerable code, then against the lesson.

    python -m day17_validation demo

Uses its own database (``day17_validation_demo``) on the backend the banner names — the
embedded nx-27017 unless ``MONGODB_URL`` is set — and drops it at the end. The lesson's app is
called in-process (httpx over ASGI), the same app ``python -m day17_validation`` serves.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from day17_validation import vulnerable
from day17_validation.app import create_app
from shared.backends import describe
from shared.dbwatch import HEADER, watching
from shared.middleware import quiet_access_log
from shared.mongo import open_mongo

DB_NAME = "day17_validation_demo"

#: login bodies an attacker sends; the first is an honest wrong guess
LOGIN_BODIES: list[dict[str, Any]] = [
    {"username": "admin", "password": "a wrong guess"},
    {"username": "admin", "password": {"$ne": None}},
    {"username": "admin", "password": {"$gt": ""}},
    {"username": "admin", "password": {"$regex": ".*"}},
    {"username": {"$ne": None}, "password": {"$ne": None}},
]
#: extra attacks only the typed login is shown with ($where needs server-side JavaScript,
#: which the embedded server does not have)
TYPED_ONLY: list[dict[str, Any]] = [
    {"username": "admin", "password": "x", "$where": "return true"},
    {"username": ["admin"], "password": "x"},
]
ORDERS: list[dict[str, Any]] = [
    {"quantity": 2, "unit_price_cents": 1250, "gift_wrap": False},
    {"quantity": "12", "unit_price_cents": 1250},
    {"quantity": 1.0, "unit_price_cents": 1250},
    {"quantity": 3, "unit_price_cents": False},
    {"quantity": True, "unit_price_cents": 1250},
    {"quantity": 1, "unit_price_cents": 1250, "gift_wrap": "yes"},
]


def main(argv: list[str]) -> int:
    if argv:
        print("usage: python -m day17_validation demo")
        return 2
    asyncio.run(run())
    return 0


async def run() -> None:
    print(f"backend: {describe('mongo')}")
    async with open_mongo(DB_NAME) as db:
        await db.client.drop_database(DB_NAME)  # a clean start, whatever an old run left
        try:
            await narrate(db)
        finally:
            await db.client.drop_database(DB_NAME)


async def narrate(db: Any) -> None:
    section("1. vulnerable.login: the parsed JSON goes straight into the MongoDB filter")
    await vulnerable.seed(db)
    for body in LOGIN_BODIES:
        with watching() as sent:
            user = await vulnerable.login(db, body)
        verdict = f"LOGGED IN as {user['username']} ({user['role']})" if user else "no match"
        print(f"  {dumps(body):<64} -> {verdict}")
    print(f"  the filter MongoDB received last: {dumps(sent[0].body['filter'])}")

    section("2. vulnerable.signup: every field the client sent is stored")
    stored = await vulnerable.signup(db, {"username": "mallory", "password": "x", "role": "admin"})
    print(f'  {{"username": "mallory", …, "role": "admin"}} -> stored with role {stored["role"]!r}')

    async with lesson_client(db) as http:
        section("3. POST /login, typed: a dict where a string belongs never becomes a query")
        for body in LOGIN_BODIES + TYPED_ONLY:
            r = await http.post("/login", json=body)
            print(f"  {dumps(body):<64} -> {r.status_code} {why(r):<16} db: {r.headers[HEADER]}")

        section("4. POST /signup: unknown fields refused, usernames normalised before the index")
        account = {"email": "eve@example.org", "password": "correct horse", "display_name": "Eve"}
        for extra in (
            {"username": "eve", "role": "admin"},
            {"username": "  Eve "},
            {"username": "ｅｖｅ", "email": "eve2@example.org"},
            {"username": "\u0435ve", "email": "eve3@example.org"},  # Cyrillic е
        ):
            r = await http.post("/signup", json={**account, **extra})
            shown = r.json()["username"] if r.status_code == 201 else why(r)
            print(
                f"  {dumps({k: v for k, v in extra.items() if k != 'email'}):<40} -> {r.status_code} {shown}"
            )

        section("5. Lax vs strict: POST /orders/preview/lax and /strict")
        print(f"  {'body':<64} {'lax':<34} strict")
        for order in ORDERS:
            lax = await http.post("/orders/preview/lax", json=order)
            strict = await http.post("/orders/preview/strict", json=order)
            print(f"  {dumps(order):<64} {outcome(lax):<34} {outcome(strict)}")

        section("6. Stored as written, escaped on output")
        comment = {"name": "Mallory", "text": "<script>alert(1)</script>"}
        await http.post("/pages/demo/comments", json=comment)
        raw = (await http.get("/pages/demo/comments")).json()[0]["text"]
        page = await http.get("/pages/demo")
        print(f"  stored and returned as JSON: {raw}")
        shown = re.search(r"<p>([^<]*&lt;script[^<]*)</p>", page.text)
        print(f"  in the HTML page:            {shown.group(1) if shown else '(not found)'}")
        print(f"  Content-Security-Policy:     {page.headers['content-security-policy'][:60]}…")


@asynccontextmanager
async def lesson_client(db: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The lesson's app on ``db``, lifespan entered, behind an in-process httpx client."""
    app = create_app(db)
    # The access log would interleave with the story on the terminal.
    with quiet_access_log():
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app)
            async with httpx.AsyncClient(transport=transport, base_url="http://demo") as client:
                yield client


def why(r: httpx.Response) -> str:
    body = r.json()
    errors = body.get("errors")
    return errors[0]["type"] if errors else body.get("title", "")


def outcome(r: httpx.Response) -> str:
    if r.status_code == 200:
        o = r.json()
        return f"200 qty={o['quantity']} price={o['unit_price_cents']} gift={o['gift_wrap']}"
    return f"{r.status_code} {why(r)}"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def section(title: str) -> None:
    print(f"\n{title}")
