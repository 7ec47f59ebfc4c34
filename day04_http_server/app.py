"""``create_app()`` is the Day 04 handler behind an ASGI adapter: uvicorn instead of our server.

``python -m day04_http_server`` serves this with uvicorn through the course runner;
``python -m day04_http_server demo`` serves the very same ``handle`` with ``server.HTTPServer``.
"""

from __future__ import annotations

from day04_http_server.asgi import ASGIApp, asgi_app
from day04_http_server.handler import handle


def create_app() -> ASGIApp:
    return asgi_app(handle)
