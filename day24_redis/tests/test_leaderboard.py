"""Sorted sets as a leaderboard: ZADD, ZINCRBY, ZREVRANGE WITHSCORES, ZREVRANK."""

from __future__ import annotations

import asyncio

from .conftest import assert_problem


async def test_top_n_highest_first_with_scores(client, redis_client, keys) -> None:
    for player, score in (("ada", 120), ("grace", 95), ("linus", 80), ("ken", 60)):
        r = await client.put(f"/leaderboards/weekly/players/{player}", json={"score": score})
        assert r.status_code == 200
    top = (await client.get("/leaderboards/weekly", params={"n": 3})).json()
    assert top == [
        {"player": "ada", "score": 120.0, "rank": 1},
        {"player": "grace", "score": 95.0, "rank": 2},
        {"player": "linus", "score": 80.0, "rank": 3},
    ]
    # It is a real sorted set in Redis, not a list the app sorts.
    assert await redis_client.type(keys.key("leaderboard", "weekly")) == "zset"


async def test_zincrby_adds_points_atomically_and_moves_the_rank(
    client, redis_client, keys
) -> None:
    await client.put("/leaderboards/weekly/players/ada", json={"score": 100})
    await client.put("/leaderboards/weekly/players/linus", json={"score": 80})
    await asyncio.gather(
        *(
            client.post("/leaderboards/weekly/players/linus/points", json={"points": 5})
            for _ in range(10)
        )
    )
    standing = (await client.get("/leaderboards/weekly/players/linus")).json()
    assert standing == {"player": "linus", "score": 130.0, "rank": 1}
    assert await redis_client.zscore(keys.key("leaderboard", "weekly"), "linus") == 130.0
    assert (await client.get("/leaderboards/weekly/players/ada")).json()["rank"] == 2


async def test_a_new_player_starts_from_zero(client) -> None:
    r = await client.post("/leaderboards/w/players/newbie/points", json={"points": 7.5})
    assert r.json() == {"player": "newbie", "score": 7.5, "rank": 1}


async def test_equal_scores_are_ordered_by_name(client) -> None:
    for player in ("bob", "alice", "carol"):
        await client.put(f"/leaderboards/tie/players/{player}", json={"score": 10})
    players = [row["player"] for row in (await client.get("/leaderboards/tie")).json()]
    assert players == ["carol", "bob", "alice"]  # ZREVRANGE: reverse byte order among equals


async def test_an_unranked_player_is_404(client) -> None:
    assert_problem(await client.get("/leaderboards/weekly/players/nobody"), 404)
    assert (await client.get("/leaderboards/empty")).json() == []
