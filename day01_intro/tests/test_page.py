"""The client: a static page that calls the API with fetch, against a real server."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import httpx

from day01_intro.app import create_app

# The URLs the page passes to fetch(...), e.g. fetch("api/greeting?" + ...) -> "api/greeting"
FETCH_RE = re.compile(r"""fetch\(\s*["'`]([^"'`?]+)""")


async def test_page_is_html_that_fetches_the_api(client_for) -> None:
    async with client_for(create_app()) as client:
        response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'fetch("api/greeting?" + new URLSearchParams({ name }))' in response.text
    assert FETCH_RE.findall(response.text) == ["api/greeting", "api/responsibilities"]
    # The answer holds user input: the page writes it with textContent, never innerHTML.
    assert ".textContent = " in response.text and ".innerHTML =" not in response.text


def test_browser_round_trip_over_a_real_server(live_app) -> None:
    """Do what the browser does: load the page, then call each URL it fetches."""
    base = live_app(create_app())
    with httpx.Client() as browser:
        page = browser.get(f"{base}/")
        assert page.status_code == 200
        targets = [urljoin(str(page.url), path) for path in FETCH_RE.findall(page.text)]
        greeting = browser.get(targets[0], params={"name": "Grace"})
        duties = browser.get(targets[1])
        refused = browser.get(targets[0], params={"name": ""})
    assert greeting.status_code == 200 and greeting.json() == {"message": "Hello, Grace!"}
    assert duties.status_code == 200 and len(duties.json()) >= 5
    assert refused.status_code == 422


def test_python_m_starts_the_lesson(lesson_process) -> None:
    proc = lesson_process("day01_intro")
    response = httpx.get(f"{proc.url}/api/greeting", params={"name": "Linus"})
    assert response.json() == {"message": "Hello, Linus!"}
    printed = proc.stop()
    assert "Day 01 · What a backend is" in printed
    assert f"curl {proc.url.replace('127.0.0.1', 'localhost')}/api/greeting?name=Ada" in printed
