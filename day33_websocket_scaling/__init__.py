"""Day 33: scaling real time — several Socket.IO processes, one set of rooms, through Redis."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=33,
    title="Scaling real time",
    learn=(
        Bullet(
            "Several server processes sharing rooms through Redis pub/sub (python-socketio's "
            "AsyncRedisManager): a broadcast to a room from one process reaches the members "
            "connected to another, and /cluster shows each node and the bus it is on",
            code=(),
            tests=(),
        ),
        Bullet(
            "Sticky sessions: why every long-polling request of an Engine.IO session must reach "
            'the same process (400 "Invalid session" otherwise), how the WebSocket-only '
            "transport avoids them, and the nginx / HAProxy settings for both",
            code=(),
            tests=(),
        ),
        Bullet(
            "Heartbeats: Engine.IO's ping/pong drops a client that stops answering, and a client "
            "notices a server that stops pinging",
            code=(),
            tests=(),
        ),
        Bullet(
            "Reconnects: backoff, failing over to another process when one is killed, and joining "
            "the rooms again (rooms belong to a connection, not to a user)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Back-pressure: python-socketio's unbounded per-client queues, and a bounded outbox "
            "that disconnects a slow consumer before it stalls or swells the server",
            code=(),
            tests=(),
        ),
        Bullet(
            "A bounded load test: N clients over 2 processes, every broadcast delivered to every "
            "client, and broadcasts per second for 1 process against 2 (python -m course bench 33)",
            code=(),
            tests=(),
        ),
    ),
    needs=("redis",),
    try_these=("GET /cluster", "python -m day33_websocket_scaling demo"),
    smoke="GET /cluster",
    has_demo=True,
    tags=("Socket.IO", "Redis pub/sub", "sticky sessions", "back-pressure"),
)
