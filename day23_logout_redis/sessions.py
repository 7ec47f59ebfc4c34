"""Server-side sessions in Redis: the other way to log people in (and out).

The browser holds only a random id, in a cookie; everything else lives in a Redis hash that
the server can delete at any moment::

    __Host-session=Qm9…43 characters        HttpOnly; Secure; SameSite=Strict; Path=/

    HSET   day23:session:<sha256(id)> user ada name "Ada Lovelace" created_at 1767…
    EXPIRE day23:session:<sha256(id)> 1800                 # idle timeout, slid on every use

* **The id** is ``secrets.token_urlsafe(32)``: 256 random bits, unguessable, meaning nothing.
* **The key is the id's SHA-256**, not the id: whoever can read the keyspace (a ``SCAN``, a
  ``MONITOR``, a copied RDB file) learns no usable cookie. 256 random bits need no slow,
  salted hash (unlike passwords, Day 18); a fast one keeps the lookup a single ``GET``.
* **Writes are transactions.** ``HSET`` and ``EXPIRE`` go in one ``MULTI``/``EXEC``: if the
  process died between the two, a session would live forever.
* **Sliding expiry** (idle timeout): each use runs ``HGETALL`` + ``EXPIRE`` in one
  transaction. ``EXPIRE`` on a missing key does nothing — whereas writing a field (say
  ``last_seen``) with ``HSET`` would *re-create* a session that was just deleted, without a
  TTL: never write to a key you only hope exists.
* **A new id at every login** (OWASP: renew the id on any privilege change). An id the
  client brought along is deleted, never promoted to a logged-in session — otherwise an
  attacker who plants a known id in a victim's browser (session fixation) would be logged in
  as the victim once the victim logs in.
* **Logout is a DEL**: the session is gone everywhere at once, and a copied cookie is worth
  nothing.

The cookie is ``HttpOnly`` (scripts cannot read it), ``Secure``, ``SameSite=Strict`` and
``__Host-`` (only this host, ``Path=/``). It has no ``Max-Age``: the server's TTL decides
when a session ends. A state-changing request authenticated by this cookie must also send
``X-Requested-With`` (the CSRF guard of Day 20: a cross-origin page cannot add that header
without a CORS preflight, which this API never grants).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from fastapi import Request, Response
from redis.asyncio import Redis

from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.redis_down import unavailable_means
from day23_logout_redis.users import User
from shared.errors import Forbidden, Unauthorized

COOKIE_NAME = "__Host-session"
CSRF_HEADER = "X-Requested-With"
#: 30 minutes without a request ends a session (OWASP: 15–30 min for most applications)
IDLE_TIMEOUT_S = 1800
#: what token_urlsafe(32) produces: anything else is refused without asking Redis
SESSION_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


class InvalidSession(Unauthorized):
    type = "/problems/invalid-session"
    title = "No valid session"


class CsrfRefused(Forbidden):
    type = "/problems/csrf"
    title = "Cross-site request refused"


@dataclass(frozen=True)
class Session:
    id_hash: str
    username: str
    name: str
    created_at: int


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def presented_id(request: Request) -> str | None:
    """The session id in the cookie, if it has the shape of one we issue."""
    value = request.cookies.get(COOKIE_NAME)
    return value if value and SESSION_ID_PATTERN.fullmatch(value) else None


class SessionStore:
    def __init__(self, redis: Redis, keys: Keyspace, idle_timeout_s: int = IDLE_TIMEOUT_S) -> None:
        self.redis = redis
        self.keys = keys
        self.idle_timeout_s = idle_timeout_s

    async def create(self, user: User, *, replacing: str | None = None) -> tuple[str, Session]:
        """A brand-new session for ``user``; the id the client sent (if any) is deleted."""
        session_id = new_session_id()
        session = Session(id_hash(session_id), user.username, user.name, int(time.time()))
        key = self.keys.session(session.id_hash)
        with unavailable_means("the session could not be stored (Redis): you are not logged in"):
            async with self.redis.pipeline(transaction=True) as tx:
                if replacing is not None:
                    tx.delete(self.keys.session(id_hash(replacing)))
                tx.hset(
                    key,
                    mapping={
                        "user": session.username,
                        "name": session.name,
                        "created_at": session.created_at,
                    },
                )
                tx.expire(key, self.idle_timeout_s)
                await tx.execute()
        return session_id, session

    async def load(self, session_id: str) -> Session | None:
        """The live session with this id, its idle timeout restarted; None if there is none."""
        digest = id_hash(session_id)
        key = self.keys.session(digest)
        with unavailable_means("the session store (Redis) is not reachable"):
            async with self.redis.pipeline(transaction=True) as tx:
                tx.hgetall(key)
                tx.expire(key, self.idle_timeout_s)  # a no-op when the key is gone
                fields, _ = await tx.execute()
        if not fields:
            return None
        return Session(digest, fields["user"], fields["name"], int(fields["created_at"]))

    async def destroy(self, session_id: str) -> bool:
        """Delete the session; True if there was one."""
        with unavailable_means(
            "the session could not be deleted (Redis), so it is NOT logged out; try again"
        ):
            return await self.redis.delete(self.keys.session(id_hash(session_id))) == 1


def set_session_cookie(response: Response, session_id: str) -> None:
    response.set_cookie(
        COOKIE_NAME, session_id, path="/", secure=True, httponly=True, samesite="strict"
    )


def clear_session_cookie(response: Response) -> None:
    # A cookie is replaced only by one with the same name and path: repeat the attributes.
    response.delete_cookie(COOKIE_NAME, path="/", secure=True, httponly=True, samesite="strict")


def check_csrf(request: Request) -> None:
    """A cookie-authenticated request that changes state must carry the custom header."""
    if not request.headers.get(CSRF_HEADER):
        raise CsrfRefused(
            f"a request authenticated by the session cookie that changes state must send "
            f"{CSRF_HEADER}"
        )
