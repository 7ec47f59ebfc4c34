"""Introduced on Day 18: password hashing — Argon2id for new hashes, bcrypt for old ones, off the event loop.

    hasher = PasswordHasher()                        # OWASP's minimum cost, the floor
    stored = await hasher.hash("correct horse battery staple")
    verdict = await hasher.verify(typed, stored)     # stored=None (no such user): same work, False
    if verdict.ok and verdict.new_hash:              # the stored hash is outdated: save this one
        ...

* :class:`HashCost` — Argon2id memory/time/parallelism and bcrypt rounds. The defaults are the
  OWASP Password Storage Cheat Sheet's minimums (m=19456 KiB, t=2, p=1; bcrypt cost 10), and a
  :class:`PasswordHasher` refuses anything cheaper unless told it is a test.
* :func:`make_context` — passlib's ``CryptContext``: one scheme hashes, every listed scheme
  verifies, and ``deprecated="auto"`` marks hashes of the other schemes (or other parameters)
  as needing an update, which ``verify_and_update`` hands back after a successful check.
* :class:`PasswordHasher` — runs each hash in a small, dedicated thread pool: a hash is tens of
  milliseconds of CPU and ~19 MiB of memory, and on the event loop it would stall every other
  request. The pool's size bounds the memory (workers × m) as well as the CPU.

The passlib API comes from ``libpass``, the maintained fork (the original passlib 1.7.4 breaks on
bcrypt 5). bcrypt reads only 72 bytes of a password and bcrypt 5 refuses longer ones instead of
truncating; :meth:`PasswordHasher.verify_blocking` answers those (and NUL bytes, which passlib
refuses for bcrypt, and anything over passlib's 4096-byte limit) with an ordinary ``False``
after the same work, never an exception.
"""

from __future__ import annotations

import asyncio
import os
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeVar

if TYPE_CHECKING:
    from passlib.context import CryptContext

Scheme = Literal["argon2", "bcrypt"]
T = TypeVar("T")

#: bcrypt hashes the first 72 bytes of a password and nothing after them
BCRYPT_MAX_BYTES = 72
#: passlib refuses longer secrets (``PasswordSizeError``); NFKC can make 1 character 18
MAX_SECRET_BYTES = 4096
#: what unknown users are "checked" against; any string works, its hash is what costs
_DUMMY_PASSWORD = "nobody has this password; verifying it costs what a real check costs"


@dataclass(frozen=True)
class HashCost:
    """How expensive one password hash is. The defaults are OWASP's minimums (the floor)."""

    argon2_memory_kib: int = 19456  # 19 MiB per hash, per concurrent hash
    argon2_time_cost: int = 2  # passes over that memory
    argon2_parallelism: int = 1  # lanes (threads) inside one hash
    bcrypt_rounds: int = 10  # log2 of the iterations: +1 doubles the time

    def below(self, floor: HashCost) -> list[str]:
        """The settings of this cost that are cheaper than ``floor``'s."""
        return [f.name for f in fields(self) if getattr(self, f.name) < getattr(floor, f.name)]

    def describe(self) -> str:
        return (
            f"argon2id m={self.argon2_memory_kib},t={self.argon2_time_cost},"
            f"p={self.argon2_parallelism}; bcrypt cost {self.bcrypt_rounds}"
        )


#: OWASP Password Storage Cheat Sheet: the least a deployment may use
OWASP_FLOOR = HashCost()
#: for test suites only (about 1 ms a hash): never deploy it — a GPU tries billions of these
TEST_COST = HashCost(
    argon2_memory_kib=1024, argon2_time_cost=2, argon2_parallelism=1, bcrypt_rounds=4
)


class Verdict(NamedTuple):
    ok: bool
    #: set when ``ok`` and the stored hash used another scheme or other parameters: store it
    new_hash: str | None = None


def normalize(password: str) -> str:
    """NFKC, as NIST SP 800-63B asks: "é" typed as one code point or as e + accent is one password."""
    return unicodedata.normalize("NFKC", password)


def make_context(cost: HashCost = OWASP_FLOOR, scheme: Scheme = "argon2") -> CryptContext:
    """``CryptContext(schemes=["argon2", "bcrypt"], deprecated="auto")`` at ``cost``.

    ``scheme`` makes new hashes; the other one only verifies old hashes, which are then
    "deprecated" and replaced at the next successful login. passlib also flags a hash of the
    right scheme whose parameters differ from ``cost`` (memory, passes, lanes, Argon2 variant,
    bcrypt rounds), so raising the cost upgrades every user who logs in.
    """
    from passlib.context import CryptContext  # noqa: PLC0415 - loads the hash backends

    return CryptContext(
        schemes=["argon2", "bcrypt"],
        default=scheme,
        deprecated="auto",
        # Argon2id: Argon2i's resistance to side channels, Argon2d's to GPU cracking.
        argon2__type="ID",
        argon2__memory_cost=cost.argon2_memory_kib,
        argon2__rounds=cost.argon2_time_cost,
        argon2__parallelism=cost.argon2_parallelism,
        bcrypt__rounds=cost.bcrypt_rounds,
    )


class PasswordHasher:
    """Hash and verify passwords in a bounded thread pool, with a dummy check for unknown users.

    ``workers`` threads hash at once; more requests wait in the pool's queue. Both argon2-cffi
    and bcrypt release the GIL while they work, so the event loop keeps serving meanwhile.
    ``workers=0`` hashes on the event loop itself — only to measure why that is wrong.
    """

    def __init__(
        self,
        cost: HashCost = OWASP_FLOOR,
        *,
        scheme: Scheme = "argon2",
        workers: int | None = None,
        allow_below_floor: bool = False,
    ) -> None:
        if (cheap := cost.below(OWASP_FLOOR)) and not allow_below_floor:
            raise ValueError(
                f"{', '.join(cheap)} below the OWASP minimum ({OWASP_FLOOR.describe()}); "
                "only tests may use a cheaper cost"
            )
        self.cost = cost
        self.scheme = scheme
        self.context = make_context(cost, scheme)
        #: new hashes made with bcrypt cannot take longer passwords; argon2 has no such limit
        self.max_bytes = BCRYPT_MAX_BYTES if scheme == "bcrypt" else None
        self.workers = min(4, os.cpu_count() or 1) if workers is None else workers
        self._pool = (
            ThreadPoolExecutor(self.workers, thread_name_prefix="password-hash")
            if self.workers
            else None
        )
        # Made once, at today's cost, so "no such user" costs what a real user's check costs.
        self.dummy_hash = self.context.hash(_DUMMY_PASSWORD)
        # passlib loads (and self-tests) a backend on first use: not during someone's login.
        for name in self.context.schemes():
            self.context.handler(name).get_backend()

    async def hash(self, password: str) -> str:
        return await self._run(self.hash_blocking, password)

    async def verify(self, password: str, stored: str | None) -> Verdict:
        return await self._run(self.verify_blocking, password, stored)

    def hash_blocking(self, password: str) -> str:
        secret = normalize(password)
        limit = min(self.max_bytes or MAX_SECRET_BYTES, MAX_SECRET_BYTES)
        if len(secret.encode()) > limit:
            # Refuse by name rather than let the tail of a passphrase be ignored.
            raise ValueError(f"{self.scheme} here takes at most {limit} bytes of password")
        return self.context.hash(secret)

    def verify_blocking(self, password: str, stored: str | None) -> Verdict:
        secret = normalize(password)
        if stored is None or not self._checkable(secret, stored):
            # No user, an unreadable hash, or a password bcrypt cannot check: do the same
            # work as a real check and give the same answer as a wrong password.
            self.context.verify(_DUMMY_PASSWORD, self.dummy_hash)
            return Verdict(False)
        ok, new_hash = self.context.verify_and_update(secret, stored)
        return Verdict(ok, new_hash if ok else None)

    def _checkable(self, secret: str, stored: str) -> bool:
        scheme = self.context.identify(stored)
        data = secret.encode()
        if scheme is None or len(data) > MAX_SECRET_BYTES:
            return False
        if scheme != "bcrypt":
            return True
        # bcrypt 5 raises on > 72 bytes; truncating instead would let "first 72 bytes + anything"
        # log in. A NUL ends the password in C bcrypt implementations; passlib refuses it.
        return len(data) <= BCRYPT_MAX_BYTES and b"\x00" not in data

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        if self._pool is None:
            return fn(*args)  # on the event loop: every other request waits for this hash
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
