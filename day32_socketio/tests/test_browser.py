"""The chat page in headless Chromium: two pages, one room, a message from one shows on the other.

The page runs the real Socket.IO JavaScript client (node_modules/socket.io-client, served by
the lesson). Playwright drives Debian's Chromium; it never downloads a browser of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from day32_socketio.app import create_app
from shared.realtime import client_script_path

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 5000


def require_browser_and_client() -> None:
    """Fail (never skip) with the command that fixes it: CI installs both."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs Debian's "
            "chromium (or `sudo apt-get install chromium`)",
            pytrace=False,
        )
    if client_script_path() is None:
        pytest.fail(
            "node_modules/socket.io-client is missing: run `make setup` (or `npm ci`)",
            pytrace=False,
        )


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    require_browser_and_client()
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def open_chat(browser: Any, url: str, name: str) -> Any:
    page = await browser.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(f"{url}/chat")
    await page.fill("#name", name)
    await page.click("#connect")
    # Connected, and Engine.IO has upgraded the polling transport to a WebSocket.
    await page.wait_for_selector(f"#status:has-text('connected as {name} over websocket')")
    await page.fill("#room", "lobby")
    await page.click("#join")
    await page.wait_for_selector(f"#members li:has-text('{name}')")
    assert errors == [], errors
    return page


async def test_two_pages_chat_in_one_room(browser, live_app) -> None:  # type: ignore[no-untyped-def]
    url = live_app(create_app())
    alice, bob = await asyncio.gather(
        open_chat(browser, url, "alice"), open_chat(browser, url, "bob")
    )
    # Presence: each page learns that the other joined, without reloading anything.
    await alice.wait_for_selector("#members li:has-text('bob')")
    await bob.wait_for_selector("#members li:has-text('alice')")

    await alice.fill("#text", "hello from <b>alice</b>")
    await bob.wait_for_selector("#typing:has-text('alice is typing')")
    await alice.press("#text", "Enter")

    line = await bob.wait_for_selector("#messages li:has-text('alice: hello from')")
    assert await line.text_content() == "alice: hello from <b>alice</b>"  # text, never markup
    assert await bob.locator("#messages b").count() == 0
    # alice shows her own line once the ack arrived, with the id the server gave it…
    mine = await alice.wait_for_selector("#messages li.mine")
    message_id = await mine.get_attribute("data-id")
    assert message_id and len(message_id) == 32
    # …the same id bob's page received with the message.
    assert await line.get_attribute("data-id") == message_id

    await bob.close()  # a closed tab: the server notices and tells the room
    await alice.wait_for_selector("#messages li.note:has-text('bob left lobby')")
    assert await alice.locator("#members li").all_text_contents() == ["alice"]
