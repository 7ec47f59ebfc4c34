"""Cache-aside with TTLs, invalidation on write, and stampede protection.

**Cache-aside** (lazy loading): the *application* talks to both stores. A read tries Redis
first; on a miss it reads the source and puts the answer in Redis with a TTL. A write goes
to the source and then *deletes* the cached copy, so the next read loads the new value. (The
alternative, **write-through**, writes the cache along with the source on every write: reads
never miss after a write, but you cache things nobody reads.)

**TTL with jitter**: every entry expires after ``ttl_s`` plus up to 10 % at random. Entries
written together (after a deploy, a cold start) would otherwise all expire together and send
their misses to the source in the same second.

**Stampede protection**: when a hot key expires, every request that misses at that moment
would rebuild it — 50 requests, 50 slow source reads of the same product. Here exactly one
rebuilds:

1. ``SET lock:product:1 <token> NX PX 2000`` — only one caller gets the lock (NX), and if it
   dies the lock expires by itself (PX);
2. the winner reads the source and fills the cache, then releases the lock with a Lua
   compare-and-delete (its own token only: a lock that expired and was taken by someone else
   is not ours to delete);
3. the others poll the cache every few milliseconds until the value appears, up to a
   deadline; past it (the winner is stuck or gone) they read the source themselves rather
   than fail — slower, but answered.

The lock lives in Redis, so it holds across processes and machines, not only coroutines.
The other common answer is **serve stale** (stale-while-revalidate): keep an entry past its
"soft" TTL and answer with it while one caller refreshes it — exercise 1.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from typing import Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from day24_redis.catalogue import Product, SlowCatalogue
from day24_redis.keyspace import Keyspace, Strict
from day24_redis.scripts import Scripts
from shared.errors import problem_responses

#: hit: from Redis; miss: this call rebuilt it; waited: another call rebuilt it while we polled
Outcome = Literal["hit", "miss", "waited"]


class ProductCache:
    def __init__(
        self,
        r: Redis,
        keys: Keyspace,
        catalogue: SlowCatalogue,
        scripts: Scripts,
        *,
        ttl_s: float = 60.0,
        jitter: float = 0.1,
        lock_ttl_ms: int = 2000,
        wait_s: float = 2.5,
        poll_s: float = 0.005,
    ) -> None:
        self.redis, self.keys, self.catalogue, self.scripts = r, keys, catalogue, scripts
        self.ttl_s, self.jitter = ttl_s, jitter
        # The lock must outlive a normal rebuild (50 ms here) by a wide margin; if a rebuild
        # ever takes longer, the lock expires and a second rebuild may start.
        self.lock_ttl_ms, self.wait_s, self.poll_s = lock_ttl_ms, wait_s, poll_s

    def key(self, pid: int) -> str:
        return self.keys.key("cache", "product", pid)

    def ttl_ms(self) -> int:
        """The TTL for one entry: ``ttl_s`` plus up to ``jitter`` of it, at random."""
        return int(self.ttl_s * 1000 * (1 + random.uniform(0, self.jitter)))

    async def get(self, pid: int) -> tuple[Product, Outcome]:
        key, lock = self.key(pid), self.keys.key("lock", "product", pid)
        token = secrets.token_hex(16)
        deadline = time.monotonic() + self.wait_s
        waited = False
        while True:
            cached = await self.redis.get(key)
            if cached is not None:
                return Product.model_validate_json(cached), "waited" if waited else "hit"
            if await self.redis.set(lock, token, nx=True, px=self.lock_ttl_ms):
                try:
                    return await self._rebuild(pid, key)
                finally:
                    await self.scripts.release_lock(lock, token)
            if time.monotonic() >= deadline:
                return await self.catalogue.get(pid), "miss"
            waited = True
            await asyncio.sleep(self.poll_s)

    async def _rebuild(self, pid: int, key: str) -> tuple[Product, Outcome]:
        # Check again under the lock: the previous holder may have filled the cache and let
        # go between our GET and our SET NX. Without this, a late request rebuilds again.
        cached = await self.redis.get(key)
        if cached is not None:
            return Product.model_validate_json(cached), "waited"
        product = await self.catalogue.get(pid)  # NotFound propagates: misses are not cached
        await self.redis.set(key, product.model_dump_json(), px=self.ttl_ms())
        return product, "miss"

    async def update(self, pid: int, name: str, price_cents: int) -> Product:
        """Write the source first, then drop the cached copy: the next read loads the new one.

        In that order, a reader between the two steps sees the old value for a moment. The
        other order (delete, then write) lets a reader refill the cache with the old value
        right before the write — stale until the TTL ends. A TTL bounds any such race.
        """
        product = await self.catalogue.update(pid, name, price_cents)
        await self.redis.delete(self.key(pid))
        return product


class ProductOut(BaseModel):
    product: Product
    cache: Outcome


class ProductIn(Strict):
    name: str = Field(min_length=1, max_length=80)
    price_cents: int = Field(ge=0, le=100_000_000)


class StatsOut(BaseModel):
    #: how many times the slow catalogue was read: what the cache did not save
    reads: int
    writes: int


router = APIRouter(tags=["caching"])
ProductId = Path(ge=1, le=1_000_000)


def cache_of(request: Request) -> ProductCache:
    return request.app.state.cache


@router.get("/products/{pid}", response_model=ProductOut, responses=problem_responses(404, 503))
async def get_product(request: Request, pid: int = ProductId) -> ProductOut:
    """Cache-aside read: Redis first, the slow catalogue (50 ms) on a miss."""
    product, outcome = await cache_of(request).get(pid)
    return ProductOut(product=product, cache=outcome)


@router.put("/products/{pid}", response_model=Product, responses=problem_responses(404, 503))
async def put_product(body: ProductIn, request: Request, pid: int = ProductId) -> Product:
    """Update the catalogue, then invalidate (DEL) the cached copy."""
    return await cache_of(request).update(pid, body.name, body.price_cents)


@router.get("/catalogue/stats", response_model=StatsOut)
async def catalogue_stats(request: Request) -> StatsOut:
    """How often the slow catalogue was actually called."""
    catalogue = cache_of(request).catalogue
    return StatsOut(reads=catalogue.reads, writes=catalogue.writes)
