"""``python -m day20_jwt demo``: log in, take the token apart, then try every attack on it.

Runs the lesson's app in-process (no port, no server), so it is the same code the tests and
``python -m day20_jwt`` use.
"""

from __future__ import annotations

import asyncio
import json
import logging

import httpx

from day20_jwt.anatomy import inspect
from day20_jwt.app import create_app
from day20_jwt.attacks import catalogue


async def run() -> int:
    app = create_app()
    # The narration is the output here; the access log would only interleave with it.
    logging.getLogger("course").setLevel(logging.WARNING)
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="https://demo") as client:
        login = await client.post(
            "/auth/login", json={"username": "ada", "password": "analytical-engine"}
        )
        token = login.json()["access_token"]
        print("1. POST /auth/login as ada → an EdDSA-signed access token:\n")
        print(f"   {token[:60]}…\n")
        anatomy = inspect(token)
        print("2. Decoded by hand (anatomy.py) — readable by anyone, proves nothing:\n")
        print(f"   header    {json.dumps(anatomy.header)}")
        print(f"   payload   {json.dumps(anatomy.payload)}")
        print(f"   signature {len(anatomy.signature)} bytes over the first two parts\n")

        me = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
        print(f"3. GET /me with it → {me.status_code} {me.json()['name']}\n")

        print("4. Forged and broken tokens against GET /me:\n")
        refused = 0
        attacks = catalogue(app.state.keys, app.state.policy, token)
        for attack in attacks:
            r = await client.get("/me", headers={"Authorization": f"Bearer {attack.token}"})
            reason = r.json().get("reason", "")
            ok = r.status_code == 401 and reason == attack.refused_as
            refused += ok
            print(f"   {attack.name:<17} {attack.what:<44} → {r.status_code} {reason}")
        print(f"\n{refused} of {len(attacks)} attacks refused with 401.")
        return 0 if refused == len(attacks) else 1


def main(argv: list[str]) -> int:
    return asyncio.run(run())
