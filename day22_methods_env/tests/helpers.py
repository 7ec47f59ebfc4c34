"""Values the Day 22 tests share."""

from __future__ import annotations

import secrets

#: every course-wide variable this lesson reads: a test starts with none of them set
VARIABLES = ("ENVIRONMENT", "LOG_LEVEL", "API_DOCS", "COOKIE_SECURE", "SECRET_KEY")
PASSWORD = "correct horse battery staple"
ADA = {
    "email": "Ada@Example.org",
    "password": PASSWORD,
    "first_name": "Ada",
    "last_name": "Lovelace",
}


def strong_secret() -> str:
    """What a deployment would set: 32 random bytes, 43 URL-safe characters."""
    return secrets.token_urlsafe(32)
