"""What a database failure means to the client: 503 (it is not there) or 504 (it was too slow).

PyMongo's exceptions, sorted by what a caller can do about them::

    ServerSelectionTimeoutError  no server answered within serverSelectionTimeoutMS  -> 503
    AutoReconnect                a connection broke mid-operation                    -> 503
    NetworkTimeout, ExecutionTimeout, anything with ``exc.timeout``
                                 it was there, but the request's time ran out         -> 504
    anything else (OperationFailure, DuplicateKeyError, …)
                                 the database answered: a bug or a business rule     -> not ours

The client gets the status, a problem type it can switch on and ``Retry-After``; the log gets
the cause (hosts, ports and PyMongo's topology dump stay out of the response).
"""

from __future__ import annotations

import math

from pymongo.errors import ConnectionFailure, PyMongoError, ServerSelectionTimeoutError

from shared.backends import BackendUnavailable
from shared.errors import DomainError, GatewayTimeout

#: what a 503 suggests, when nothing better is known (the breaker knows better)
RETRY_AFTER_S = 1


class DatabaseUnavailable(BackendUnavailable):
    """No database server could be reached (or the connection broke): 503."""

    type = "/problems/database-unavailable"
    title = "Database unavailable"


class CircuitOpenProblem(BackendUnavailable):
    """The breaker is open: the request failed fast without touching the database (503)."""

    type = "/problems/circuit-open"
    title = "Database circuit open"


class DatabaseTimeout(GatewayTimeout):
    """The database was reachable but did not answer within the request's budget: 504.

    For a write this means "outcome unknown": it may have been applied.
    """

    type = "/problems/database-timeout"
    title = "Database timeout"


def is_outage(exc: BaseException) -> bool:
    """The database is missing or too slow: what the breaker counts as a failure."""
    return isinstance(exc, ConnectionFailure) or (isinstance(exc, PyMongoError) and exc.timeout)


def is_transient(exc: BaseException) -> bool:
    """Worth another attempt: the connection failed, so the next one may not.

    A timeout of the request's own budget (``ExecutionTimeout``) is not: the time is spent.
    """
    return isinstance(exc, ConnectionFailure)


def as_problem(exc: PyMongoError, budget_s: float) -> DomainError | None:
    """The 503/504 problem for an outage, or None for an error that is not one."""
    if isinstance(exc, ServerSelectionTimeoutError):
        # Also a "timeout" to PyMongo, but what timed out was the search for a server:
        # the database is not there, which is a 503, not a 504.
        return DatabaseUnavailable(
            "no database server is reachable; try again shortly",
            headers=retry_after(RETRY_AFTER_S),
            backend="mongo",
        )
    if exc.timeout:
        return DatabaseTimeout(f"the database did not answer within {budget_s:g} s")
    if isinstance(exc, ConnectionFailure):
        return DatabaseUnavailable(
            "the connection to the database was lost; try again shortly",
            headers=retry_after(RETRY_AFTER_S),
            backend="mongo",
        )
    return None


def circuit_open(retry_in_s: float) -> CircuitOpenProblem:
    return CircuitOpenProblem(
        "the database has been failing; not trying it again for a moment",
        headers=retry_after(retry_in_s),
        backend="mongo",
        retry_after_s=round(retry_in_s, 3),
    )


def retry_after(seconds: float) -> dict[str, str]:
    """``Retry-After`` takes whole seconds (RFC 9110 §10.2.3): round up, at least 1."""
    return {"Retry-After": str(max(1, math.ceil(seconds)))}
