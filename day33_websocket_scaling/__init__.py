"""Day 33: scaling real time — several Socket.IO processes, one set of rooms, through Redis."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=33,
    title="Scaling real time",
    learn=(
        Bullet(
            "Several server processes sharing rooms through Redis pub/sub (python-socketio's "
            "`AsyncRedisManager`): a broadcast to a room from one process reaches the members "
            "connected to another, and `/cluster` shows each node and the bus it is on",
            code=(
                "bus.py:ClusterManager",
                "bus.py:plan_bus",
                "rooms.py:publish",
                "app.py:create_app",
            ),
            tests=(
                "tests/test_cluster.py::test_a_broadcast_on_one_process_reaches_members_on_the_other",
                "tests/test_cluster.py::test_another_channel_is_another_cluster",
                "tests/test_lesson.py::test_python_m_with_redis_url_joins_the_cluster",
            ),
        ),
        Bullet(
            "Sticky sessions: why every long-polling request of an Engine.IO session must reach "
            'the same process (400 "Invalid session" otherwise), how the WebSocket-only '
            "transport avoids them, and the nginx / HAProxy settings for both",
            code=("sticky.py:PollingSession", "balancer.py:Balancer"),
            tests=(
                "tests/test_sticky.py::test_a_polling_session_is_unknown_to_the_other_process",
                "tests/test_sticky.py::test_through_a_round_robin_balancer_polling_fails_and_websocket_works",
                "tests/test_sticky.py::test_a_sticky_balancer_makes_polling_work",
            ),
        ),
        Bullet(
            "Heartbeats: Engine.IO's ping/pong drops a client that stops answering, and a client "
            "notices a server that stops pinging",
            code=("node.py:NodeSettings", "app.py:create_app"),
            tests=(
                "tests/test_heartbeat.py::test_a_client_that_stops_answering_pings_is_dropped",
                "tests/test_heartbeat.py::test_a_client_fails_over_when_its_server_goes_silent",
            ),
        ),
        Bullet(
            "Reconnects: backoff, failing over to another process when one is killed, and joining "
            "the rooms again (rooms belong to a connection, not to a user)",
            code=("reconnect.py:Member", "reconnect.py:rotating"),
            tests=(
                "tests/test_reconnect.py::test_after_a_kill_clients_reconnect_elsewhere_and_must_rejoin",
                "tests/test_reconnect.py::test_rotating_tries_the_nodes_in_turn",
            ),
        ),
        Bullet(
            "Back-pressure: python-socketio's unbounded per-client queues, and a bounded outbox "
            "that disconnects a slow consumer before it stalls or swells the server",
            code=("backpressure.py:OutboxLimit", "backpressure.py:outbox_depth"),
            tests=("tests/test_backpressure.py::test_a_slow_consumer_does_not_hold_up_the_others",),
        ),
        Bullet(
            "A bounded load test: N clients over 2 processes, every broadcast delivered to every "
            "client, and broadcasts per second for 1 process against 2 "
            "(`python -m course bench 33`)",
            code=("tests/test_load.py", "bench.py", "nodes.py:cluster"),
            tests=(
                "tests/test_load.py::test_every_broadcast_reaches_every_client_across_a_kill",
                "tests/test_lesson.py::test_the_bench_runs_both_setups_side_by_side",
            ),
        ),
    ),
    needs=("redis",),
    try_these=("GET /cluster", "python -m day33_websocket_scaling demo"),
    smoke="GET /cluster",
    has_demo=True,
    tags=("Socket.IO", "Redis pub/sub", "sticky sessions", "back-pressure"),
)
