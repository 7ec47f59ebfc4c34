"""Small network helpers for the course tool and the tests."""

from __future__ import annotations

from shared.ports import free_port

__all__ = ["free_port"]
