"""The call page in headless Chromium: a real browser calls the Python peer and they talk.

Chromium's fake media flags stand in for a camera (a test pattern) and grant the permission
prompt. The page signals over the real Socket.IO JavaScript client, served from the project's
node_modules; Playwright drives Debian's Chromium and never downloads a browser of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from day34_webrtc.tests.conftest import eventually
from shared.realtime import client_script_path

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--use-fake-ui-for-media-stream",  # say yes to the camera prompt
    "--use-fake-device-for-media-stream",  # a generated test pattern instead of a camera
]
WAIT_MS = 10_000

# One browser for the module (launching Chromium is the slow part); each test opens its page.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium, or a failure that says how to install it (CI installs it; no skip)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs Debian's "
            "chromium (or `sudo apt-get install chromium`)",
            pytrace=False,
        )
    if client_script_path() is None:
        pytest.fail(
            "node_modules/socket.io-client is missing: run `make test` (or `npm ci`)",
            pytrace=False,
        )
    return CHROMIUM


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(chromium: Path) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def test_the_browser_calls_the_python_peer_and_both_talk(browser: Any, url: str) -> None:
    page = await browser.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(f"{url}/call")
    await page.check("#camera")  # send Chromium's fake camera too
    await page.click("#call")

    # Offer/answer over Socket.IO, trickled candidates, ICE, DTLS, SCTP: the channel opens.
    await page.wait_for_function("() => window.day34.channelOpen")
    await page.fill("#text", "hello from chromium")
    await page.click("#upper")
    await page.wait_for_selector("#log div:has-text('HELLO FROM CHROMIUM')")
    # The pings the page sends every second come back as pongs with its own timestamp.
    await page.wait_for_function("() => window.day34.messages.some(m => m.type === 'pong')")

    # The Python peer's generated video plays in the <video> element, at its drawn size.
    await page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return v.videoWidth === 320 && v.videoHeight === 240 && v.currentTime > 0; }"
    )
    # And the browser's (fake) camera reaches the Python peer, decoded frame by frame.
    async with httpx.AsyncClient(base_url=url) as http:

        async def camera_frames_arrived() -> bool:
            peers = (await http.get("/peers")).json()
            return bool(peers) and peers[0]["frames_received"] > 0

        assert await eventually(camera_frames_arrived, WAIT_MS / 1000)
        (peer,) = (await http.get("/peers")).json()
        assert peer["connection"] == "connected" and peer["messages"] >= 2

        await page.click("#hangup")
        await page.wait_for_function("() => window.day34.state === 'idle'")

        async def hung_up() -> bool:
            return (await http.get("/peers")).json() == []

        assert await eventually(hung_up)
    assert await page.evaluate("window.day34.errors") == []
    assert errors == [], errors


async def test_the_page_says_what_to_run_when_the_socketio_client_is_missing(
    browser: Any, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shared.realtime

    monkeypatch.setattr(shared.realtime, "CLIENT_SCRIPT", "not-installed.js")
    page = await browser.new_page()
    await page.goto(f"{url}/call")
    message = page.locator("#missing")
    await message.wait_for(state="visible", timeout=WAIT_MS)
    assert "npm ci" in await message.inner_text()
    assert await page.is_disabled("#call")
