"""Two users "from an older system", so a fresh start has outdated hashes to upgrade.

The hashes are constants, as a migration would import them: grace's is bcrypt (cost 10),
linus's is Argon2id with parameters below today's (m=4096 KiB, t=1). Log in as either and
``GET /admin/hashes`` shows the hash re-made with the current scheme and cost.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase

from day18_passwords.users import COLLECTION

LEGACY_USERS = {
    # password: a-ship-in-port-is-safe
    "grace": "$2b$10$5X8FUyDvDk0OBkZyQdpypuqfaAYv8PJ5j/bmezDg.vbsn7zJ0wHhi",
    # password: talk-is-cheap-show-me-the-code
    "linus": "$argon2id$v=19$m=4096,t=1,p=1$cm7tfQ9BqBWCECJkTOk9Bw$NqJvz68rSjwEYTfl8ipdciFaXeQ32I7GESoToxPSdVQ",
}
PASSWORDS = {"grace": "a-ship-in-port-is-safe", "linus": "talk-is-cheap-show-me-the-code"}


async def seed(db: AsyncDatabase) -> None:
    """Add the legacy users unless they exist (a restart keeps their upgraded hashes)."""
    then = datetime(2019, 5, 1, tzinfo=UTC)
    for username, stored in LEGACY_USERS.items():
        await db[COLLECTION].update_one(
            {"username": username},
            {
                "$setOnInsert": {
                    "username": username,
                    "password_hash": stored,
                    "created_at": then,
                    "hash_updated_at": then,
                }
            },
            upsert=True,
        )
