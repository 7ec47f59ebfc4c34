"""Rotation and reuse detection: a refresh token works once, and a second use burns its family.

* :meth:`Sessions.login` starts a **family**: the first refresh token of one login on one
  device. The family's ``expires_at`` is fixed at login (an absolute lifetime): rotating keeps
  the session going, but never past 30 days without a password.
* :meth:`Sessions.rotate` exchanges a refresh token for its successor and marks it used. The
  "mark used" is **one atomic** ``find_one_and_update`` whose filter says ``used_at: None``:
  the database applies it to a document at most once, so of two concurrent refreshes of the
  same token exactly one gets the document back. Reading first and updating after
  (check-then-act) would let both pass the check.
* **Reuse detection** (RFC 9700 §4.14.2): a used token presented again means two parties hold
  it — the user and a thief — and the server cannot tell which is which. So it revokes the
  whole family: the thief's copy and every token descended from it, the user's included. The
  thief is locked out; the user logs in again, which a thief without the password cannot do.
* The loser of a concurrent double refresh is treated exactly like reuse (401 ``reused``,
  family revoked). That is deterministic and errs on the safe side; the price is that a client
  must not send two refreshes at once — OAuth client libraries serialise them.

One ordering detail keeps revocation race-free: the successor is **inserted before** the
parent is consumed. Whoever revokes the family — a reuse detected by another request, a
logout — therefore either runs before the consume (which then fails, and the unused
successor is deleted) or after the successor exists (and revokes it too). No successor can
slip out of a family that was revoked while it was being made.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId

from day21_refresh_tokens.refresh_tokens import (
    InvalidRefreshToken,
    check_shape,
    new_refresh_token,
    token_hash,
)
from shared.errors import Forbidden

log = logging.getLogger("course.day21")

Clock = Callable[[], datetime]
#: a refresh token family lives this long after the login that started it
REFRESH_TTL = timedelta(days=30)
#: the longest answer GET /auth/sessions gives (a user may log in many times)
MAX_SESSIONS_LISTED = 100


def utc_now() -> datetime:
    return datetime.now(UTC)


class NotYourSession(Forbidden):
    type = "/problems/not-your-session"
    title = "Not your session"


@dataclass(frozen=True)
class Minted:
    """A new refresh token: ``token`` goes to the client once; ``doc`` (its hash) is stored."""

    token: str
    doc: dict[str, Any]

    @property
    def family(self) -> str:
        return self.doc["family"]


class Sessions:
    """The ``refresh_tokens`` collection, seen as families of tokens (one per device login)."""

    def __init__(
        self, tokens: Any, *, lifetime: timedelta = REFRESH_TTL, clock: Clock = utc_now
    ) -> None:
        self.tokens = tokens
        self.lifetime = lifetime
        self.clock = clock

    async def login(self, user: str, device: str) -> Minted:
        now = self.clock()
        minted = _mint(
            user=user,
            device=device,
            family=uuid.uuid4().hex,
            parent=None,
            login_at=now,
            now=now,
            expires_at=now + self.lifetime,
        )
        await self.tokens.insert_one(minted.doc)
        log.info("session %s started for %s on %r", minted.family, user, device)
        return minted

    async def rotate(self, presented: str) -> Minted:
        """The successor of ``presented``, which is used up — or InvalidRefreshToken."""
        check_shape(presented)
        now = self.clock()
        parent = await self._live(await self.tokens.find_one({"hash": token_hash(presented)}), now)
        child = _mint(
            user=parent["user"],
            device=parent["device"],
            family=parent["family"],
            parent=parent["_id"],
            login_at=parent["login_at"],
            now=now,
            expires_at=parent["expires_at"],  # rotation never extends the family's life
        )
        # Successor first, consume second: see the module docstring.
        await self.tokens.insert_one(child.doc)
        if await self._consume(parent["_id"], child.doc["_id"], now):
            return child
        # Lost the race: between our read and our update someone used or revoked the parent.
        await self.tokens.delete_one({"_id": child.doc["_id"]})
        await self._live(await self.tokens.find_one({"_id": parent["_id"]}), now)
        raise InvalidRefreshToken("reused", "this refresh token was already used")

    async def _consume(self, token_id: ObjectId, successor: ObjectId, now: datetime) -> bool:
        """Mark the token used — only if nobody has. True for exactly one caller."""
        found = await self.tokens.find_one_and_update(
            {"_id": token_id, "used_at": None, "revoked_at": None, "expires_at": {"$gt": now}},
            {"$set": {"used_at": now, "replaced_by": successor}},
        )
        return found is not None

    async def _live(self, doc: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
        """``doc`` if it is a live, unused token; else raise (a used one revokes its family)."""
        if doc is None:
            raise InvalidRefreshToken("unknown", "this refresh token was never issued here")
        if doc["revoked_at"] is not None:
            raise InvalidRefreshToken("revoked", "this session has ended: log in again")
        if doc["expires_at"] <= now:
            # The TTL index will delete it some time; until then the code says no by itself.
            raise InvalidRefreshToken("expired", "this session has expired: log in again")
        if doc["used_at"] is not None:
            revoked = await self.revoke_family(doc["family"], "reuse-detected")
            # The family id and user, never a token: a log line must not be a credential.
            log.warning(
                "refresh token reuse in session %s of %s: %d tokens revoked",
                doc["family"],
                doc["user"],
                revoked,
            )
            raise InvalidRefreshToken(
                "reused",
                "this refresh token was already used, so it may be stolen: every token of "
                "this session is revoked; log in again",
            )
        return doc

    async def revoke_family(self, family: str, reason: str) -> int:
        """End one session: every token of the family, used or not. Returns how many."""
        result = await self.tokens.update_many(
            {"family": family, "revoked_at": None},
            {"$set": {"revoked_at": self.clock(), "revoked_reason": reason}},
        )
        return result.modified_count

    async def revoke_user(self, user: str, reason: str) -> int:
        """End every session of ``user`` (logout everywhere, a password change)."""
        result = await self.tokens.update_many(
            {"user": user, "revoked_at": None},
            {"$set": {"revoked_at": self.clock(), "revoked_reason": reason}},
        )
        return result.modified_count

    async def logout(self, presented: str, user: str) -> int:
        """End the session ``presented`` belongs to — if it is ``user``'s."""
        check_shape(presented)
        doc = await self.tokens.find_one({"hash": token_hash(presented)})
        if doc is None:
            raise InvalidRefreshToken("unknown", "this refresh token was never issued here")
        if doc["user"] != user:
            # Holding someone's refresh token is not being them: the access token says who asks.
            raise NotYourSession("this refresh token belongs to another user's session")
        revoked = await self.revoke_family(doc["family"], "logout")
        log.info("session %s of %s ended by logout", doc["family"], user)
        return revoked

    async def live(self, user: str) -> list[dict[str, Any]]:
        """The heads of ``user``'s live families: one document per signed-in device."""
        now = self.clock()
        query = {"user": user, "used_at": None, "revoked_at": None, "expires_at": {"$gt": now}}
        cursor = self.tokens.find(query).sort("login_at", 1).limit(MAX_SESSIONS_LISTED)
        return await cursor.to_list(None)


def _mint(
    *,
    user: str,
    device: str,
    family: str,
    parent: ObjectId | None,
    login_at: datetime,
    now: datetime,
    expires_at: datetime,
) -> Minted:
    token = new_refresh_token()
    doc = {
        "_id": ObjectId(),
        "hash": token_hash(token),  # the token itself is never stored
        "family": family,
        "user": user,
        "device": device,
        "parent": parent,
        "login_at": login_at,
        "created_at": now,
        "expires_at": expires_at,
        # Written as explicit nulls: the atomic filter `used_at: None` means "not used yet".
        "used_at": None,
        "replaced_by": None,
        "revoked_at": None,
        "revoked_reason": None,
    }
    return Minted(token, doc)
