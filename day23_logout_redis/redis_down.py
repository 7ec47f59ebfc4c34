"""When Redis is down: fail closed, say so with a 503, never pretend.

The policy, decided per question the lesson asks Redis:

=========================  ==========  =====================================================
question                   when down   why
=========================  ==========  =====================================================
is this jti denylisted?    **refuse**  fail closed: a token is logged out *because* it may be
                           (503)       stolen. Failing open would bring every revoked token
                                       back for the length of the outage — and an attacker
                                       who can knock Redis over would choose that moment.
log this token out         503         the jti was not stored, so saying "logged out" would
                                       be a lie the user relies on. They can retry.
is this session live?      503         the session *is* the Redis hash: there is nothing else
                                       to look at (sessions cannot fail open at all).
end this session           503         as logout: the DEL did not happen, the cookie stays.
count a failed login       503         a brute-force brake that silently stops braking while
                                       Redis is down would invite exactly that attack.
=========================  ==========  =====================================================

The price of failing closed is availability: while Redis is down no protected route works.
That is the same price server-side sessions always pay, and it is bought down with a
replicated Redis (Sentinel, a managed service), not by accepting tokens nobody can check.
``/health`` keeps answering (the process is alive); ``/ready`` says Redis is not.

The client is made to fail **fast** (:data:`CLIENT_OPTIONS`): redis-py's default retries a
broken connection three times with exponential backoff (up to ~14 s), and a request that hangs
that long is worse than a quick, honest 503.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from shared.errors import ServiceUnavailable

log = logging.getLogger("course.day23")

#: one immediate retry (a pooled connection may have died with a Redis restart; the retry
#: reconnects), then give up; a command that takes over a second means Redis is in trouble
CLIENT_OPTIONS: dict[str, Any] = {
    "retry": Retry(NoBackoff(), 1),
    "socket_timeout": 1.0,
    "socket_connect_timeout": 1.0,
}


class RedisDown(ServiceUnavailable):
    """Redis did not answer: 503, with what could not be done and the policy that applies."""

    type = "/problems/redis-unavailable"
    title = "Redis is not reachable"

    def __init__(self, detail: str) -> None:
        # Retry-After: a hint for well-behaved clients; Redis outages are usually short.
        super().__init__(detail, headers={"Retry-After": "5"}, backend="redis")


@contextlib.contextmanager
def unavailable_means(detail: str) -> Iterator[None]:
    """Turn any Redis failure inside the block into a 503 that says ``detail``.

    ``RedisError`` covers connection refused, timeouts and a server that answers with an
    error (out of memory, read-only replica): none of them is an answer to our question.
    """
    try:
        yield
    except (RedisError, OSError) as exc:
        log.error("Redis failed (%s: %s): %s", type(exc).__name__, exc, detail)
        raise RedisDown(detail) from None
