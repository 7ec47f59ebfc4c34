"""A brake on password guessing: INCR a counter per (user, address) in a 15-minute window.

The classic Redis counter, in one transaction (``MULTI`` … ``EXEC``, atomic)::

    SET day23:login:failures:ada:203.0.113.7 0 EX 900 NX    # start a window, if none is open
    INCR day23:login:failures:ada:203.0.113.7                # count this attempt -> n
    TTL  day23:login:failures:ada:203.0.113.7                # seconds left in the window

``SET … NX`` creates the key with its expiry only when it is absent, and ``INCR`` keeps an
existing TTL, so the window starts at the first attempt and is never pushed back. Every
attempt is counted **before** the password is checked: with "check the count, then count
the failure" fifty concurrent guesses would all pass the check before any was counted. A
correct password ends the window (``DEL``). Once :data:`MAX_ATTEMPTS` attempts in a window
have failed, every further one gets a 429 until the window expires — even with the right
password, or the guessing would simply continue.

Keyed by user *and* address, so a stranger elsewhere cannot lock ada out by typing wrong
passwords (OWASP's account-lockout caveat); the flip side is that many addresses each get
their own five guesses — limiting by address across users is rate limiting, Days 25–26.
"""

from __future__ import annotations

from redis.asyncio import Redis

from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.redis_down import unavailable_means
from shared.errors import DomainError

MAX_ATTEMPTS = 5
WINDOW_S = 900


class TooManyAttempts(DomainError):
    status = 429
    type = "/problems/too-many-login-attempts"
    title = "Too many failed logins"


class LoginGuard:
    def __init__(self, redis: Redis, keys: Keyspace, username: str, client_ip: str) -> None:
        self.redis = redis
        self.key = keys.login_failures(username, client_ip)

    async def attempt(self) -> int:
        """Count this attempt; refuse with 429 when the window is already full."""
        with unavailable_means("failed logins cannot be counted (Redis), so none are accepted"):
            async with self.redis.pipeline(transaction=True) as tx:
                tx.set(self.key, 0, ex=WINDOW_S, nx=True)
                tx.incr(self.key)
                tx.ttl(self.key)
                _, attempts, ttl = await tx.execute()
        if attempts > MAX_ATTEMPTS:
            retry_after = max(int(ttl), 1)
            raise TooManyAttempts(
                f"too many failed logins for this account from your address; "
                f"try again in {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )
        return attempts

    async def succeeded(self) -> None:
        """The right password: forget the failures of this window."""
        with unavailable_means("the login could not be completed (Redis)"):
            await self.redis.delete(self.key)
