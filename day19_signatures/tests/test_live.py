"""Through a real uvicorn: the signing client and the provider talk HTTP to a real server.

In-process tests skip the server's own handling of the request line; here the path and query
go through uvicorn's parser, so percent-encoding and ``raw_path`` are the real thing.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import httpx

from course.testing import ROOT
from day19_signatures.app import create_app
from day19_signatures.signing_client import HmacAuth
from day19_signatures.tests.helpers import EVENT, ORDER, PROVIDER_SECRET, WEB_SECRET, settings
from day19_signatures.webhooks import WebhookSender


async def test_signing_client_and_provider_against_a_real_server(
    live_app: Callable[[Any], str],
) -> None:
    app = create_app(settings())  # the real clock: client and server share this machine's time
    url = live_app(app)
    auth = HmacAuth("shop-web", WEB_SECRET)
    async with (
        httpx.AsyncClient(base_url=url, auth=auth) as signed,
        httpx.AsyncClient(base_url=url) as plain,
    ):
        created = await signed.post("/orders", json=ORDER)
        assert created.status_code == 201, created.text
        # Percent-encoded path and an unsorted, encoded query, exactly as uvicorn receives them.
        assert (await signed.get("/orders/%31")).json()["id"] == 1
        listed = await signed.get("/orders?note=x%20y&limit=5")
        assert listed.status_code == 200 and len(listed.json()) == 1

        replay = await plain.post(
            "/orders", content=created.request.content, headers=created.request.headers
        )
        assert replay.status_code == 401
        assert replay.headers["content-type"] == "application/problem+json"

        delivered = await WebhookSender(PROVIDER_SECRET).deliver(plain, "/webhooks/payments", EVENT)
        assert delivered.status_code == 200, delivered.text
    assert len(app.state.orders) == 1 and len(app.state.events) == 1


def test_demo_against_the_lesson_process(lesson_process: Callable[..., Any]) -> None:
    """What a learner runs: ``python -m day19_signatures``, then the demo with ``--url``."""
    lesson = lesson_process("day19_signatures")
    demo = subprocess.run(
        [sys.executable, "-m", "day19_signatures", "demo", "--url", lesson.url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert demo.returncode == 0, demo.stderr
    lines = demo.stdout.splitlines()
    assert any("signed by HmacAuth" in line and "→ 201" in line for line in lines)
    assert any("(replay)" in line and "→ 401 Request already seen" in line for line in lines)
    assert any("provider delivers" in line and "→ 200" in line for line in lines)
