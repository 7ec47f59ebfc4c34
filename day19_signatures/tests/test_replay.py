"""Replay protection: the time window and a nonce store that forgets on schedule."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from day19_signatures.replay import NonceStore, within_window
from day19_signatures.tests.helpers import (
    ORDER,
    WINDOW_S,
    FakeClock,
    assert_problem,
    web_auth,
)


def test_window_is_symmetric() -> None:
    assert within_window(1000, 1300, 300) and within_window(1300, 1000, 300)
    assert not within_window(1000, 1301, 300) and not within_window(1301, 1000, 300)


def test_nonce_is_accepted_once() -> None:
    store = NonceStore(FakeClock())
    assert store.add(("shop-web", "n1"), expires_at=2e9)
    assert not store.add(("shop-web", "n1"), expires_at=2e9)
    # Scoped by key id: another client's identical nonce is its own.
    assert store.add(("shop-mobile", "n1"), expires_at=2e9)


def test_entries_expire_at_their_own_time() -> None:
    clock = FakeClock(1000)
    store = NonceStore(clock)
    store.add("late", expires_at=1300)  # inserted first, expires last: the heap copes
    store.add("early", expires_at=1100)
    clock.advance(100)  # now == 1100: still inside the window, so still remembered
    assert "early" in store and len(store) == 2
    clock.advance(1)
    assert "early" not in store and "late" in store
    clock.advance(200)
    assert len(store) == 0
    assert store.add("early", expires_at=2000), "an expired nonce may be used again"


def test_store_stays_bounded_under_steady_traffic() -> None:
    """10 requests a second for an hour: the store never holds more than about a window's worth."""
    clock = FakeClock(0)
    store = NonceStore(clock)
    largest = 0
    for i in range(36_000):
        clock.now = i / 10
        assert store.add(i, expires_at=int(clock.now) + WINDOW_S)
        largest = max(largest, len(store))
    assert largest <= 10 * (WINDOW_S + 1)


async def test_nonce_expires_once_its_timestamp_leaves_the_window(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    first = await client.post("/orders", json=ORDER, auth=web_auth(clock))
    assert first.status_code == 201
    nonces = app.state.request_verifier.nonces
    assert len(nonces) == 1

    clock.advance(WINDOW_S + 1)
    assert len(nonces) == 0, "forgotten: the store does not grow without bound"
    # …and forgetting is safe: the replay is now refused by the window instead.
    sent = first.request
    again = await client.post("/orders", content=sent.content, headers=sent.headers)
    assert_problem(again, 401, "/problems/timestamp-outside-window")
    assert len(app.state.orders) == 1


async def test_refused_requests_never_reach_the_nonce_store(
    client: httpx.AsyncClient, app: FastAPI, clock: FakeClock
) -> None:
    """Only a proven signature records its nonce: strangers cannot fill the store or burn nonces."""
    for _ in range(5):
        forged = await client.post("/orders", json=ORDER, auth=web_auth(clock, secret=b"guess"))
        assert_problem(forged, 401)
    assert len(app.state.request_verifier.nonces) == 0
