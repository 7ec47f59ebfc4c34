"""Sorted sets as a leaderboard: ZADD, ZINCRBY, ZREVRANGE … WITHSCORES, ZREVRANK.

A sorted set keeps each member with a score, ordered by score (a skip list plus a hash
inside Redis), so "the top 10" and "my rank" cost O(log n) however many players there are —
no ``ORDER BY`` over the whole table on every page view.

* ``ZADD board score player`` sets a score; ``ZINCRBY board 15 player`` adds to it, atomically.
* ``ZREVRANGE board 0 9 WITHSCORES`` is the top 10, highest first (``ZRANGE`` is lowest first).
* ``ZREVRANK board player`` is the 0-based position from the top (``ZRANK`` from the bottom).

Equal scores are ordered by member name (byte order), so ties are stable. Scores are
doubles: whole numbers are exact up to 2**53.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from day24_redis.keyspace import KeysDep, Name, RedisDep, Strict
from shared.errors import NotFound, problem_responses

#: scores stay far inside a double's exact range (and JSON's NaN/Infinity are refused)
MAX_SCORE = 1e12


class ScoreIn(Strict):
    score: float = Field(ge=-MAX_SCORE, le=MAX_SCORE, allow_inf_nan=False)


class PointsIn(Strict):
    points: float = Field(ge=-1e6, le=1e6, allow_inf_nan=False)


class Standing(BaseModel):
    player: str
    score: float
    #: 1 is the top of the board
    rank: int


async def set_score(r: Redis, board: str, player: str, score: float) -> None:
    await r.zadd(board, {player: score})


async def add_points(r: Redis, board: str, player: str, points: float) -> float:
    return await r.zincrby(board, points, player)  # the new score


async def top(r: Redis, board: str, n: int) -> list[Standing]:
    rows = await r.zrevrange(board, 0, n - 1, withscores=True)
    return [Standing(player=p, score=s, rank=i + 1) for i, (p, s) in enumerate(rows)]


async def standing(r: Redis, board: str, player: str) -> Standing | None:
    async with r.pipeline(transaction=False) as pipe:
        pipe.zrevrank(board, player)
        pipe.zscore(board, player)
        rank, score = await pipe.execute()
    if rank is None:
        return None
    return Standing(player=player, score=score, rank=rank + 1)


router = APIRouter(prefix="/leaderboards", tags=["sorted sets"])


@router.get("/{board}", response_model=list[Standing], responses=problem_responses(503))
async def leaderboard(
    board: Name, r: RedisDep, keys: KeysDep, n: int = Query(10, ge=1, le=100)
) -> list[Standing]:
    """ZREVRANGE 0 n-1 WITHSCORES: the top ``n``, highest score first."""
    return await top(r, keys.key("leaderboard", board), n)


@router.get(
    "/{board}/players/{player}", response_model=Standing, responses=problem_responses(404, 503)
)
async def player_standing(board: Name, player: Name, r: RedisDep, keys: KeysDep) -> Standing:
    """ZREVRANK + ZSCORE: where one player stands."""
    found = await standing(r, keys.key("leaderboard", board), player)
    if found is None:
        raise NotFound(f"{player!r} has no score on {board!r}")
    return found


@router.put("/{board}/players/{player}", response_model=Standing, responses=problem_responses(503))
async def put_score(
    board: Name, player: Name, body: ScoreIn, r: RedisDep, keys: KeysDep
) -> Standing:
    """ZADD: set the player's score."""
    key = keys.key("leaderboard", board)
    await set_score(r, key, player, body.score)
    return await standing(r, key, player)  # type: ignore[return-value]


@router.post(
    "/{board}/players/{player}/points", response_model=Standing, responses=problem_responses(503)
)
async def score_points(
    board: Name, player: Name, body: PointsIn, r: RedisDep, keys: KeysDep
) -> Standing:
    """ZINCRBY: add points (a new player starts at 0)."""
    key = keys.key("leaderboard", board)
    await add_points(r, key, player, body.points)
    return await standing(r, key, player)  # type: ignore[return-value]
