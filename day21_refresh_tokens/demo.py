"""``python -m day21_refresh_tokens demo`` — the theft story, told twice, against the real app.

A refresh token is stolen (malware, a leaked backup of the phone, a log line that should not
have been written). Whoever uses it second — the thief or the user — triggers reuse detection,
and the whole session is revoked. The app runs in this process on the lesson's database
(embedded nx-27017 unless ``MONGODB_URL`` is set: then a scratch database, dropped at the end).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx

from day21_refresh_tokens.app import create_app
from shared.mongo import open_mongo

ADA = {"username": "ada", "password": "analytical-engine"}


class Story:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.step = 0

    def say(self, who: str, what: str, r: httpx.Response) -> dict[str, Any]:
        self.step += 1
        body = r.json()
        outcome = "ok" if r.is_success else body.get("reason", body.get("title"))
        print(f"  {self.step:>2}. {who:<6} {what:<44} → {r.status_code} {outcome}", flush=True)
        return body

    async def login(self, device: str) -> dict[str, Any]:
        r = await self.http.post("/auth/login", json={**ADA, "device": device})
        return self.say("ada", f"logs in on her {device}", r)

    async def refresh(self, who: str, token: str, what: str) -> dict[str, Any]:
        r = await self.http.post("/auth/refresh", json={"refresh_token": token})
        return self.say(who, what, r)


async def tell(http: httpx.AsyncClient) -> int:
    """Both orders of the theft; returns how many of the thief's attempts got anything."""
    story = Story(http)
    print("The user refreshes first, then the thief tries the stolen token:")
    first = await story.login("laptop")
    stolen = first["refresh_token"]
    print(f"      (malware copies her refresh token {stolen[:6]}…)")
    second = await story.refresh("ada", stolen, "her app refreshes (the token rotates)")
    thief_won = 0
    r = await story.refresh("thief", stolen, "presents the stolen token")
    thief_won += "access_token" in r
    await story.refresh("ada", second["refresh_token"], "her app refreshes again")
    me = await http.get("/me", headers={"Authorization": f"Bearer {second['access_token']}"})
    story.say("ada", "uses her last access token (until exp)", me)
    await story.login("laptop")

    print("\nThe thief refreshes first, then the user:")
    first = await story.login("phone")
    stolen = first["refresh_token"]
    print(f"      (a backup leaks her refresh token {stolen[:6]}…)")
    loot = await story.refresh("thief", stolen, "refreshes with the stolen token first")
    await story.refresh("ada", stolen, "her app refreshes with the same token")
    r = await story.refresh("thief", loot["refresh_token"], "refreshes with the token he got")
    thief_won += "access_token" in r
    print(
        "\nEither way the second use revoked the whole session: the thief holds nothing that\n"
        "works (his last access token lives on until it expires, at most 5 minutes), and ada\n"
        "logs in again with her password, which he does not have."
    )
    return thief_won


@contextlib.asynccontextmanager
async def demo_database() -> AsyncIterator[Any]:
    name = f"day21_demo_{uuid.uuid4().hex[:8]}"
    async with open_mongo(name) as db:
        try:
            yield db
        finally:
            await db.client.drop_database(name)


async def run() -> int:
    app = create_app(database=demo_database)
    # Only the warnings (reuse detected) between the story's lines, not every access-log line.
    logging.getLogger("course").setLevel(logging.WARNING)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://lesson") as http:
            thief_won = await tell(http)
    return 1 if thief_won else 0


def main(argv: list[str]) -> int:
    return asyncio.run(run())
