"""Checks for the README's exercises: each fails until you have made the change.

pytest day19_signatures/exercises -k rotation
pytest day19_signatures/exercises -k duplicate
pytest day19_signatures/exercises -k cap
"""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from day19_signatures.app import create_app
from day19_signatures.replay import NonceStore
from day19_signatures.tests.helpers import (
    EVENT,
    ORDER,
    FakeClock,
    key_pair,
    provider,
    settings,
    web_auth,
)
from shared.errors import ServiceUnavailable

OLD, NEW = b"the-old-secret-of-shop-web-000000", b"the-new-secret-of-shop-web-111111"


async def test_rotation(client_for) -> None:
    clock = FakeClock()
    rotating = settings(
        client_secrets={"shop-web": SecretStr(NEW.decode())},
        previous_client_secrets={"shop-web": SecretStr(OLD.decode())},
    )
    async with client_for(create_app(rotating, clock=clock)) as client:
        for secret in (NEW, OLD):  # both halves of the rotation work…
            response = await client.post("/orders", json=ORDER, auth=web_auth(clock, secret))
            assert response.status_code == 201, response.text
        # …and nothing else does.
        guess = await client.post("/orders", json=ORDER, auth=web_auth(clock, b"a-guess"))
        assert guess.status_code == 401


async def test_duplicate(client_for) -> None:
    clock = FakeClock()
    app = create_app(settings(), clock=clock)
    async with client_for(app) as client:
        first = await provider(clock).deliver(client, "/webhooks/payments", EVENT)
        assert first.status_code == 200
        sent = first.request
        again = await client.post("/webhooks/payments", content=sent.content, headers=sent.headers)
        assert again.status_code == 200, again.text
        assert again.json() == first.json()
        assert len(app.state.events) == 1, "a duplicate is acknowledged, not processed again"

        # A duplicate id is no free pass: the signature is still checked first.
        forger, _ = key_pair()
        forged_headers = provider(clock, forger).headers_for(
            sent.content, msg_id=sent.headers["webhook-id"]
        )
        forged = await client.post(
            "/webhooks/payments", content=sent.content, headers=forged_headers
        )
        assert forged.status_code == 401
        assert len(app.state.events) == 1


def test_cap() -> None:
    clock = FakeClock(1000)
    store = NonceStore(clock, max_entries=2)  # type: ignore[call-arg]
    assert store.add("a", expires_at=1100) and store.add("b", expires_at=1200)
    with pytest.raises(ServiceUnavailable):
        store.add("c", expires_at=1200)
    clock.advance(101)  # "a" expires: room again
    assert store.add("c", expires_at=1200)
