"""Pub/sub: the app's subscriber task hears what is published; nobody listening means lost."""

from __future__ import annotations

from day24_redis.pubsub import Subscriber

from .conftest import eventually


async def test_the_subscriber_task_receives_published_messages(client, keys) -> None:
    for text in ("first", "second"):
        r = await client.post("/pubsub/news", json={"message": text})
        assert r.json() == {"receivers": 1}  # the app's own subscriber

    async def heard_both() -> bool:
        return len((await client.get("/pubsub/received")).json()["messages"]) == 2

    await eventually(heard_both)
    body = (await client.get("/pubsub/received")).json()
    assert body["listening"] is True
    assert body["messages"] == [
        {"channel": keys.key("channel", "news"), "message": "first"},
        {"channel": keys.key("channel", "news"), "message": "second"},
    ]


async def test_a_channel_nobody_listens_to_drops_the_message(client) -> None:
    r = await client.post("/pubsub/sports", json={"message": "goal!"})
    assert r.json() == {"receivers": 0}
    assert (await client.get("/pubsub/received")).json()["messages"] == []


async def test_at_most_once_a_late_subscriber_never_sees_earlier_messages(
    redis_client, keys
) -> None:
    channel = keys.key("channel", "late")
    assert await redis_client.publish(channel, "before anyone listened") == 0
    subscriber = await Subscriber.start(redis_client, channel)
    try:
        assert await redis_client.publish(channel, "after") == 1

        async def heard() -> bool:
            return len(subscriber.heard) >= 1

        await eventually(heard)
        assert [h.message for h in subscriber.heard] == ["after"]  # nothing was kept for it
    finally:
        await subscriber.stop()
    assert not subscriber.listening
    assert await redis_client.publish(channel, "after it left") == 0
