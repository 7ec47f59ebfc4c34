"""Who may log in: the course's two demo users, and the one rule today adds about usernames.

The users and the constant-time password check are ``shared.demo_users`` (Day 20), unchanged:
today is about logging *out*, so the passwords still sit in memory in plain text (Day 18 stores
them as slow, salted hashes). What is new is where a username ends up: inside Redis keys.
"""

from __future__ import annotations

from shared.demo_users import User, authenticate, demo_users

__all__ = ["USERNAME_PATTERN", "User", "authenticate", "demo_users"]

#: usernames end up inside Redis keys (the failed-login counter): no ``:``, no wildcards
USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
