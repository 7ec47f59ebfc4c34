"""Introduced on Day 25: rate limiting — one small interface, in-memory strategies, a dependency.

    uploads = TokenBucket("uploads", capacity=65536, refill_rate=4096, unit="content-bytes")

    @app.post("/upload", dependencies=[Depends(rate_limit(uploads, key=by_user, cost=size))])

* ``RateLimiter`` — the interface: a ``policy`` and ``await hit(key, cost) -> Decision``. It is
  async although today's strategies never wait, because Day 26's Redis strategies do I/O and
  must fit the same slot.
* ``FixedWindow``, ``TokenBucket``, ``LeakyBucket`` — in memory, each with an injectable clock
  (``now()`` → seconds), so a test moves time by hand instead of sleeping.
* ``by_ip``, ``by_forwarded_ip``, ``by_user``, ``by_route``, ``combine`` — what a limit is *per*.
* ``rate_limit(limiter, key=..., cost=...)`` — a FastAPI dependency: a refusal is a 429
  problem+json with ``Retry-After``; every answer carries the RateLimit header fields.

**Concurrency.** A hit is read-decide-write on the key's state. The in-memory strategies do
that with no ``await`` in between, and all requests of a uvicorn worker run on one event loop,
so no other coroutine can run in the middle: each hit is atomic without a lock. An
``asyncio.Lock`` would only be needed if the critical section awaited (a round trip to a
store); then it would also serialise every key. They are *not* thread-safe: do not share one
across threads (FastAPI runs ``def`` dependencies in a thread pool — ``rate_limit`` is
``async def`` for that reason) nor expect a limit across processes: each uvicorn worker
counts alone. Shared, multi-process state is Day 26's Redis.

**Memory.** State is one dict entry per key. A key whose state has returned to "fresh" (its
window is over, its bucket full or empty) is dropped by a sweep that runs at most once per
policy window, and ``max_keys`` caps the table: past it the least recently used key is
forgotten (that client starts afresh — the price of a bounded table).
"""

from __future__ import annotations

import inspect
import ipaddress
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar, runtime_checkable

from fastapi import Request, Response

from shared.errors import DomainError, problem_responses

#: seconds, from any fixed origin; ``time.monotonic`` never jumps when the wall clock is set
Clock = Callable[[], float]
#: turns a request into the string a limit is counted under (``"ip:203.0.113.7"``)
KeyFunc = Callable[[Request], str]
#: how many units a request costs; may read the body, so it may be async
CostFunc = Callable[[Request], int | Awaitable[int]]
#: which revision of the IETF draft the header fields follow (see ``ratelimit_headers``)
HeaderStyle = Literal["draft-06", "draft-11"]

# Refills are float arithmetic (0.1 + 0.2 != 0.3): a request that is exactly on time must not
# be refused, nor a full bucket reported as "63 remaining", because of the last bit.
_EPSILON = 1e-9
DEFAULT_MAX_KEYS = 100_000


@dataclass(frozen=True)
class Decision:
    """The answer to one hit: admitted or not, and what to tell the client."""

    allowed: bool
    #: the quota: requests per window, or the bucket's capacity (in the policy's units)
    limit: int
    #: units still available now, after this hit
    remaining: int
    #: seconds until this key is back to its full quota (window over, bucket full or empty)
    reset_after: float
    #: seconds until this same hit would be admitted; 0 when it was
    retry_after: float = 0.0
    #: False when the limiter could not count (its store was down, Day 26) and let the hit
    #: through by policy: ``remaining`` and ``reset_after`` then mean nothing
    enforced: bool = True


@dataclass(frozen=True)
class Policy:
    """What a limiter enforces, in the words of the RateLimit header fields."""

    name: str
    algorithm: str
    #: the quota (``q``): units per window, or the burst capacity of a bucket
    limit: int
    #: seconds (``w``): the window, or the time a bucket takes to refill / drain completely
    window: float
    #: ``requests`` or ``content-bytes``, the quota units the draft registers
    unit: str = "requests"
    description: str = ""


@runtime_checkable
class RateLimiter(Protocol):
    """Anything that can decide a hit. Day 26's Redis strategies implement exactly this."""

    policy: Policy

    async def hit(self, key: str, cost: int = 1) -> Decision:
        """Count ``cost`` units against ``key`` if they fit; never count a refused hit."""
        ...


class ManualClock:
    """A clock that moves only when told to: exact tests and demos without ``sleep``."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock never goes back")
        self.now += seconds


S = TypeVar("S")


class InMemoryLimiter(Generic[S]):
    """The bookkeeping the three strategies share: the clock, the per-key table, eviction.

    A subclass says how one key's state decides a hit (``_decide``) and when that state is
    as good as new (``_expired``), which is what makes dropping it lossless.
    """

    def __init__(
        self, policy: Policy, *, clock: Clock = time.monotonic, max_keys: int = DEFAULT_MAX_KEYS
    ) -> None:
        if max_keys < 1:
            raise ValueError("max_keys must be at least 1")
        self.policy = policy
        self.clock = clock
        self.max_keys = max_keys
        self._states: dict[str, S] = {}
        self._next_sweep = -math.inf

    def __len__(self) -> int:
        """How many keys are remembered now: what the memory bound is about."""
        return len(self._states)

    async def hit(self, key: str, cost: int = 1) -> Decision:
        if not isinstance(cost, int) or not 1 <= cost <= self.policy.limit:
            # A cost above the quota could never be admitted: cap the input before counting.
            raise ValueError(f"cost must be an int from 1 to {self.policy.limit}, got {cost!r}")
        # From here to the return there is no `await`: on one event loop nothing else runs
        # in between, so reading, deciding and writing the state is one atomic step.
        now = self.clock()
        if now >= self._next_sweep:
            self.evict_expired(now)
        # pop + re-insert moves the key to the end: the dict is least-recently-used first.
        state = self._states.pop(key, None)
        decision, state = self._decide(state, now, cost)
        self._states[key] = state
        if len(self._states) > self.max_keys:
            del self._states[next(iter(self._states))]
        return decision

    def evict_expired(self, now: float | None = None) -> int:
        """Drop every key whose state is as good as new; return how many went."""
        now = self.clock() if now is None else now
        expired = [key for key, state in self._states.items() if self._expired(state, now)]
        for key in expired:
            del self._states[key]
        # One O(n) sweep per window: a key cannot expire faster than that, so sweeping more
        # often would only spend time.
        self._next_sweep = now + self.policy.window
        return len(expired)

    def _decide(self, state: S | None, now: float, cost: int) -> tuple[Decision, S]:
        raise NotImplementedError

    def _expired(self, state: S, now: float) -> bool:
        raise NotImplementedError


class FixedWindow(InMemoryLimiter[tuple[int, int]]):
    """At most ``limit`` units per window of ``window`` seconds; the count restarts at each one.

    Windows are aligned to the clock (``[0, w)``, ``[w, 2w)``…), so a client can spend its
    quota at the end of one window and again at the start of the next: up to 2× ``limit``
    in a moment. State per key: the window's index and its count.
    """

    def __init__(
        self, name: str, *, limit: int, window: float, unit: str = "requests", **kwargs: Any
    ) -> None:
        _check_positive(limit=limit, window=window)
        description = f"{limit} {unit} per {window:g} s window"
        super().__init__(Policy(name, "fixed window", limit, window, unit, description), **kwargs)

    def _decide(
        self, state: tuple[int, int] | None, now: float, cost: int
    ) -> tuple[Decision, tuple[int, int]]:
        limit, window = self.policy.limit, self.policy.window
        index = math.floor(now / window)
        count = state[1] if state is not None and state[0] == index else 0
        reset_after = (index + 1) * window - now
        if count + cost <= limit:
            count += cost
            return Decision(True, limit, limit - count, reset_after), (index, count)
        # The next window starts empty, and cost <= limit: that is when this hit fits.
        return Decision(False, limit, limit - count, reset_after, reset_after), (index, count)

    def _expired(self, state: tuple[int, int], now: float) -> bool:
        return state[0] < math.floor(now / self.policy.window)


class TokenBucket(InMemoryLimiter[tuple[float, float]]):
    """A bucket of ``capacity`` tokens refilled at ``refill_rate`` per second; a hit spends ``cost``.

    A full bucket allows a burst of ``capacity`` at once, then ``refill_rate`` per second on
    average. The refill is computed lazily at each hit from the time elapsed — no timer runs.
    State per key: the tokens and when they were counted.
    """

    def __init__(
        self,
        name: str,
        *,
        capacity: int,
        refill_rate: float,
        unit: str = "requests",
        **kwargs: Any,
    ) -> None:
        _check_positive(capacity=capacity, refill_rate=refill_rate)
        self.refill_rate = refill_rate
        description = f"bursts of {capacity} {unit}, refilled at {refill_rate:g} per second"
        policy = Policy(name, "token bucket", capacity, capacity / refill_rate, unit, description)
        super().__init__(policy, **kwargs)

    def _tokens(self, state: tuple[float, float] | None, now: float) -> float:
        if state is None:
            return float(self.policy.limit)  # a new key starts with a full bucket
        tokens, counted_at = state
        return min(self.policy.limit, tokens + max(0.0, now - counted_at) * self.refill_rate)

    def _decide(
        self, state: tuple[float, float] | None, now: float, cost: int
    ) -> tuple[Decision, tuple[float, float]]:
        capacity, rate = self.policy.limit, self.refill_rate
        tokens = self._tokens(state, now)
        allowed = tokens + _EPSILON >= cost
        retry_after = 0.0
        if allowed:
            tokens = max(0.0, tokens - cost)
        else:
            retry_after = (cost - tokens) / rate
        decision = Decision(
            allowed, capacity, _floor(tokens), (capacity - tokens) / rate, retry_after
        )
        return decision, (tokens, now)

    def _expired(self, state: tuple[float, float], now: float) -> bool:
        return self._tokens(state, now) >= self.policy.limit - _EPSILON


class LeakyBucket(InMemoryLimiter[float]):
    """A leaky bucket *as a meter*: a level that drains at ``leak_rate`` units per second.

    A hit pours ``cost`` in; if that would overflow ``capacity`` the hit is refused and
    nothing is poured. Requests are not held in a queue — the bucket only measures — so an
    admitted request is served at once (policing, not shaping). State per key: a single
    timestamp, the moment the bucket will be empty. That is the GCRA's "theoretical arrival
    time"; the level is ``(empty_at - now) * leak_rate``.
    """

    def __init__(
        self,
        name: str,
        *,
        capacity: int,
        leak_rate: float,
        unit: str = "requests",
        **kwargs: Any,
    ) -> None:
        _check_positive(capacity=capacity, leak_rate=leak_rate)
        self.leak_rate = leak_rate
        description = f"up to {capacity} {unit} in the bucket, draining {leak_rate:g} per second"
        policy = Policy(name, "leaky bucket", capacity, capacity / leak_rate, unit, description)
        super().__init__(policy, **kwargs)

    def _decide(self, state: float | None, now: float, cost: int) -> tuple[Decision, float]:
        capacity, rate = self.policy.limit, self.leak_rate
        empty_at = now if state is None else max(state, now)
        level = (empty_at - now) * rate
        allowed = level + cost <= capacity + _EPSILON
        retry_after = 0.0
        if allowed:
            empty_at += cost / rate
            level += cost
        else:
            retry_after = (level + cost - capacity) / rate
        decision = Decision(
            allowed, capacity, _floor(capacity - level), empty_at - now, retry_after
        )
        return decision, empty_at

    def _expired(self, state: float, now: float) -> bool:
        return state <= now


def _check_positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")


def _floor(units: float) -> int:
    return max(0, math.floor(units + _EPSILON))


def _whole_seconds(seconds: float) -> int:
    """Round up: telling a client "retry in 0 s" for 0.4 s would only earn it another 429."""
    return max(0, math.ceil(seconds - _EPSILON))


# --- keys: what a limit is per -------------------------------------------------------------


def client_host(request: Request) -> str:
    """The address of the TCP peer — the client, or the last proxy in front of us."""
    return request.client.host if request.client else "unknown"


def ip_key(host: str) -> str:
    """``ip:<address>``; an IPv6 client is keyed by its /64, which one host usually owns whole."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"ip:{host}"  # not an address (a test client's name, "unknown")
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return f"ip:{address.ipv4_mapped}"
        return f"ip:{ipaddress.ip_network((address, 64), strict=False)}"
    return f"ip:{address}"


def by_ip(request: Request) -> str:
    """Per client address, as the socket sees it. ``X-Forwarded-For`` is ignored on purpose:
    anyone can send it, and a limit keyed on it gives every forged value a fresh quota."""
    return ip_key(client_host(request))


def by_forwarded_ip(*trusted_proxies: str) -> KeyFunc:
    """Per client address behind your own proxies (``"10.0.0.0/8"``, ``"127.0.0.1"``…).

    Only when the peer is a trusted proxy is ``X-Forwarded-For`` read, from the right: each
    trusted proxy appended the address it saw, so the first untrusted address from the right
    is the client. Entries further left were written by the client and prove nothing.
    uvicorn's ``--proxy-headers`` (on by default, trusting ``--forwarded-allow-ips``) does the
    same before the app runs; this is for ``--no-proxy-headers``, with the trust in code.
    """
    networks = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    def trusted(host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in networks)

    def by_forwarded_ip(request: Request) -> str:
        host = client_host(request)
        if not trusted(host):
            return ip_key(host)
        hops = [
            hop.strip()
            for field in request.headers.getlist("x-forwarded-for")
            for hop in field.split(",")
            if hop.strip()
        ]
        for hop in reversed(hops):
            if trusted(hop):
                host = hop
                continue
            try:
                ipaddress.ip_address(hop)
            except ValueError:
                break  # garbage where an address should be: key by the proxy that passed it
            return ip_key(hop)
        return ip_key(host)

    return by_forwarded_ip


def by_user(request: Request) -> str:
    """Per signed-in user (``request.state.user``, set by your auth dependency), else per IP.

    The user must come from a *verified* credential: a limit keyed on a raw header value is
    bypassed by sending a new value each time.
    """
    user = getattr(request.state, "user", None)
    return f"user:{user}" if user else by_ip(request)


def by_route(request: Request) -> str:
    """Per route *template* (``GET /items/{item_id}``), not per URL: ``/items/1`` and
    ``/items/2`` share one budget, or a client would get a fresh one per id."""
    route = request.scope.get("route")
    # Dependencies always run after routing; the URL is only a fallback outside a route.
    template = getattr(route, "path_format", None) or request.url.path
    return f"route:{request.method} {template}"


def combine(*keys: KeyFunc) -> KeyFunc:
    """A key made of several: ``combine(by_ip, by_route)`` is per client *and* per route."""
    if not keys:
        raise ValueError("combine() needs at least one key function")

    def combined(request: Request) -> str:
        return "|".join(key(request) for key in keys)

    combined.__name__ = "+".join(getattr(k, "__name__", "key") for k in keys)
    return combined


# --- HTTP: the header fields and the dependency ----------------------------------------------


def ratelimit_headers(
    decision: Decision, policy: Policy, style: HeaderStyle = "draft-06"
) -> dict[str, str]:
    """The header fields for ``decision``, plus ``Retry-After`` when it was refused.

    ``draft-06`` (draft-ietf-httpapi-ratelimit-headers-06): ``RateLimit-Limit``,
    ``RateLimit-Remaining``, ``RateLimit-Reset`` (seconds until the quota is whole again, or
    on a refusal until ``Retry-After``) and ``RateLimit-Policy: 5;w=10``.
    ``draft-11`` (the current revision): ``RateLimit-Policy: "search";q=5;w=10`` and
    ``RateLimit: "search";r=2;t=7`` — named policies, structured-field lists, so several
    limits can be reported on one response. A decision that was not ``enforced`` (Day 26's
    fail-open) gets ``RateLimit-Policy`` alone.
    """
    # RFC 9110 §10.2.3: delay-seconds, a whole number; at least 1 after a refusal.
    retry = str(max(1, _whole_seconds(decision.retry_after)))
    # On a refusal the draft asks the reset to name the same moment as Retry-After; for a
    # bucket "whole again" is later than "this request fits", and the client needs the latter.
    reset = str(_whole_seconds(decision.reset_after)) if decision.allowed else retry
    window = max(1, _whole_seconds(policy.window))
    if style == "draft-06":
        fields = {
            "RateLimit-Limit": str(decision.limit),
            "RateLimit-Remaining": str(decision.remaining),
            "RateLimit-Reset": reset,
            "RateLimit-Policy": f"{decision.limit};w={window}",
        }
    elif style == "draft-11":
        unit = "" if policy.unit == "requests" else f';qu="{policy.unit}"'
        fields = {
            "RateLimit-Policy": f'"{policy.name}";q={decision.limit};w={window}{unit}',
            "RateLimit": f'"{policy.name}";r={decision.remaining};t={reset}',
        }
    else:
        raise ValueError(f"unknown header style {style!r}")
    if not decision.enforced:
        # Admitted uncounted (fail open): the policy still stands, but there is no quota left
        # to report — sending the full quota would mislead a client that paces itself by it.
        return {"RateLimit-Policy": fields["RateLimit-Policy"]}
    if not decision.allowed:
        fields["Retry-After"] = retry
    return fields


class TooManyRequests(DomainError):
    """429 (RFC 6585), with the problem type the RateLimit draft defines for a spent quota."""

    status = 429
    type = "https://iana.org/assignments/http-problem-types#quota-exceeded"
    title = "Request cannot be satisfied as assigned quota has been exceeded"


def rate_limit(
    limiter: RateLimiter,
    *,
    key: KeyFunc = by_ip,
    cost: int | CostFunc = 1,
    headers: HeaderStyle = "draft-06",
) -> Callable[[Request, Response], Awaitable[Decision]]:
    """A dependency that spends ``cost`` from ``limiter`` under ``key(request)``.

    Use it on a route or a whole router::

        @app.get("/search", dependencies=[Depends(rate_limit(search, key=by_ip))])
        router = APIRouter(dependencies=[Depends(rate_limit(api, key=combine(by_ip, by_route)))])

    Refused: raises ``TooManyRequests`` (a 429 problem+json with ``Retry-After`` and the
    RateLimit fields). Admitted: sets the fields on the response — they reach the client when
    the route returns data, not a ``Response`` object of its own. It runs before the route's
    own validation, so malformed requests spend quota too: floods of them are what it is for.
    """

    async def check_rate_limit(request: Request, response: Response) -> Decision:
        units = cost if isinstance(cost, int) else cost(request)
        if inspect.isawaitable(units):
            units = await units
        decision = await limiter.hit(key(request), units)
        fields = ratelimit_headers(decision, limiter.policy, headers)
        policy = limiter.policy
        if not decision.allowed:
            retry = fields["Retry-After"]
            raise TooManyRequests(
                f"the '{policy.name}' limit ({policy.description}) is spent; retry in {retry} s",
                headers=fields,
                retry_after=int(retry),
                **{"violated-policies": [policy.name]},
            )
        _merge(response, fields, decision)
        return decision

    check_rate_limit.__name__ = f"rate_limit_{limiter.policy.name}"
    return check_rate_limit


def _merge(response: Response, fields: dict[str, str], decision: Decision) -> None:
    """Several limits on one route: draft-11 lists them all; draft-06 has room for one, so
    the response reports the limit closest to refusing (what the draft recommends)."""
    if "RateLimit" in fields:
        for name, value in fields.items():
            response.headers.append(name, value)
        return
    shown = response.headers.get("ratelimit-remaining")
    if shown is None or decision.remaining < int(shown):
        response.headers.update(fields)


def rate_limited_responses() -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a limited route: the 429 problem and its headers, for ``/docs``."""
    responses = problem_responses(429)
    integer = {"schema": {"type": "integer"}}
    responses[429]["headers"] = {
        "Retry-After": {"description": "seconds to wait before retrying", **integer},
        "RateLimit-Limit": {"description": "the quota", **integer},
        "RateLimit-Remaining": {"description": "units left", **integer},
        "RateLimit-Reset": {"description": "seconds until the quota is whole again", **integer},
    }
    return responses
