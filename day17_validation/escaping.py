"""Escaping on output: the stored text is data; only the HTML page decides how it is written.

Validation asks "is this an acceptable comment?" — ``<script>alert(1)</script>`` is: a
security course has comments about script tags. Whether it is *dangerous* depends on where it
goes: harmless in JSON, in a database, in a text e-mail; live code if pasted into HTML. So we
store what was written and escape at the moment text meets a context — here, HTML:

* ``html.escape`` turns ``< > & " '`` into entities, so text stays text in element content
  *and* inside a quoted attribute (``quote=True``, the default, is what stops ``" onmouseover=``);
* line breaks become ``<br>`` *after* escaping — our markup, added to already-safe text;
* a URL in ``href`` needs more than escaping: ``javascript:`` survives it intact, so the
  scheme was validated on the way in (``types.WebUrl``: http and https only).

Template engines do this for you: Jinja2 with ``autoescape=True`` (via MarkupSafe) escapes
every ``{{ value }}``. This lesson uses no template engine, so it calls ``html.escape`` itself.

The page also carries a Content-Security-Policy: if an escape were ever forgotten, the browser
would still refuse to run an inline script or load one from elsewhere. Defence in depth, not a
replacement — CSP is a second lock, escaping the first.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from html import escape
from typing import Any

# The page's only style, allowed by its hash: CSP permits exactly this inline CSS and no other.
STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
    "article{border-top:1px solid #ddd;padding:.5rem 0}.tag{color:#555;margin-right:.4em}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()

CSP = "; ".join(
    [
        "default-src 'none'",  # no scripts, images, fonts, frames, connections...
        f"style-src 'sha256-{_STYLE_HASH}'",  # ...except our one <style> block
        # These four do not fall back to default-src, so they are named on their own.
        "base-uri 'none'",  # an injected <base href> cannot re-root relative links
        "form-action 'none'",  # an injected <form> cannot post anywhere
        "frame-ancestors 'none'",  # no other site may frame this page (clickjacking)
    ]
)

#: headers for every HTML page the lesson serves
HTML_HEADERS = {
    "Content-Security-Policy": CSP,
    # The browser must believe our Content-Type and not "sniff" HTML out of other responses.
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def render_page(slug: str, comments: list[dict[str, Any]]) -> str:
    """The comments on ``slug`` as an HTML page; every stored value is escaped on the way out."""
    items = "\n".join(_comment(c) for c in comments) or "<p>No comments yet.</p>"
    title = f"Comments on {escape(slug)}"
    return (
        "<!doctype html>\n<html lang=en><meta charset=utf-8>\n"
        f"<title>{title}</title>\n<style>{STYLE}</style>\n"
        f"<h1>{title}</h1>\n{items}\n"
    )


def _comment(c: dict[str, Any]) -> str:
    name = escape(c["name"])
    if c.get("website"):
        # Already http(s) by validation; escaped too, because it sits in an attribute.
        name = f'<a href="{escape(c["website"])}" rel="nofollow ugc noopener">{name}</a>'
    tags = "".join(f"<span class=tag>#{escape(t)}</span>" for t in c.get("tags", []))
    when: datetime = c["created_at"]
    text = escape(c["text"]).replace("\n", "<br>\n")
    return (
        # The author also appears inside a quoted attribute: the place where quote=True matters.
        f'<article data-author="{escape(c["name"])}">'
        f'<p><strong>{name}</strong> <time datetime="{when.isoformat()}">'
        f"{when:%Y-%m-%d %H:%M}</time></p>"
        f"<p>{text}</p>{f'<p>{tags}</p>' if tags else ''}</article>"
    )
