"""Comments: stored exactly as written, returned exactly as JSON, escaped only in the HTML view."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from typing import Any

import pytest

from day17_validation.comments import COMMENTS
from day17_validation.escaping import STYLE

from .conftest import assert_problem, stored

XSS = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"


class Elements(HTMLParser):
    """Every start tag and attribute a browser's parser would see on the page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


async def comment(client: Any, page: str = "welcome", **fields: Any) -> Any:
    body = {"name": "Ada", "text": "hello", **fields}
    r = await client.post(f"/pages/{page}/comments", json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def test_text_is_stored_and_returned_exactly_as_written(client: Any, mongo_db: Any) -> None:
    created = await comment(client, text=XSS, tags=["security", "xss"])
    assert created["text"] == XSS
    document = await mongo_db[COMMENTS].find_one({})
    assert document["text"] == XSS  # validated, not sanitised: no tag stripped, no entity added
    listed = (await client.get("/pages/welcome/comments")).json()
    assert listed == [created]
    assert listed[0]["text"] == XSS


async def test_the_html_view_escapes_every_stored_value(client: Any) -> None:
    await comment(
        client,
        name='Mallory"><svg onload=alert(3)>',  # breaks out of an attribute if quotes are not escaped
        text=XSS + "\nsecond line",
        website='https://example.org/?q="><script>',
    )
    r = await client.get("/pages/welcome")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in page
    assert 'data-author="Mallory&quot;&gt;&lt;svg onload=alert(3)&gt;"' in page
    assert "<br>\nsecond line" in page  # line breaks are added after escaping, as markup

    elements = Elements(page)
    tags = {tag for tag, _ in elements.tags}
    assert tags <= set("html meta title style h1 article p strong a time br".split())
    attributes = {name for _, attrs in elements.tags for name in attrs}
    assert not any(name.startswith("on") for name in attributes)
    (link,) = [attrs for tag, attrs in elements.tags if tag == "a"]
    assert link["href"].startswith("https://example.org/")
    assert link["rel"] == "nofollow ugc noopener"


async def test_the_html_view_sends_a_content_security_policy(client: Any) -> None:
    r = await client.get("/pages/welcome")
    csp = dict(d.strip().split(" ", 1) for d in r.headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'none'"  # so no script runs: script-src falls back to it
    assert "script-src" not in csp
    for directive in ("base-uri", "form-action", "frame-ancestors"):
        assert csp[directive] == "'none'"
    # The only style allowed is the page's own block, by its hash.
    digest = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    assert csp["style-src"] == f"'sha256-{digest}'"
    assert f"<style>{STYLE}</style>" in r.text
    assert r.headers["x-content-type-options"] == "nosniff"


async def test_newest_first_per_page_and_bounded(client: Any) -> None:
    for i in range(3):
        await comment(client, text=f"comment {i}")
    await comment(client, page="other-page", text="elsewhere")
    texts = [c["text"] for c in (await client.get("/pages/welcome/comments")).json()]
    assert texts == ["comment 2", "comment 1", "comment 0"]
    limited = await client.get("/pages/welcome/comments", params={"limit": 2})
    assert len(limited.json()) == 2
    for limit in (0, 101, "ten"):
        r = await client.get("/pages/welcome/comments", params={"limit": limit})
        assert_problem(r, 422)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        (".*", ["costs .* nothing"]),  # literal, not "match everything"
        ("c++", ["C++ (really)"]),
        ("(really)", ["C++ (really)"]),
        ("A|B", []),
        ("^", []),
    ],
)
async def test_search_text_is_escaped_for_the_regex_it_enters(
    client: Any, search: str, expected: list[str]
) -> None:
    for text in ("C++ (really)", "costs .* nothing", "plain words"):
        await comment(client, text=text)
    r = await client.get("/pages/welcome/comments", params={"contains": search})
    assert [c["text"] for c in r.json()] == expected


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Ada", "text": ""},
        {"name": "Ada", "text": "x" * 2001},
        {"name": "", "text": "hello"},
        {"name": "Ada", "text": "bell \x07"},
        {"name": "Ada", "text": "hello", "website": "javascript:alert(1)"},
        {"name": "Ada", "text": "hello", "tags": ["a", "b", "c", "d", "e", "f"]},
        {"name": "Ada", "text": "hello", "tags": ["Not A Slug"]},
        {"name": "Ada", "text": "hello", "approved": True},
        {"name": "Ada", "text": {"$gt": ""}},
    ],
)
async def test_bad_comments_are_422_and_write_nothing(
    client: Any, mongo_db: Any, body: dict
) -> None:
    assert_problem(await client.post("/pages/welcome/comments", json=body), 422)
    assert await stored(mongo_db, COMMENTS) == 0


async def test_page_slugs_are_validated_not_guessed(client: Any, mongo_db: Any) -> None:
    body = {"name": "Ada", "text": "hello"}
    for slug in ("Welcome", "hello_world", "a" * 65):
        assert_problem(await client.post(f"/pages/{slug}/comments", json=body), 422)
        assert_problem(await client.get(f"/pages/{slug}"), 422)
    assert_problem(await client.get("/pages/welcome", params={"limit": 0}), 422)
    assert await stored(mongo_db, COMMENTS) == 0


async def test_search_is_bounded(client: Any) -> None:
    for contains in ("x" * 51, "", "a\x00b"):
        r = await client.get("/pages/welcome/comments", params={"contains": contains})
        assert_problem(r, 422)
