"""Day 32: WebSocket and Socket.IO — the handshake by hand, then a chat with rooms and acks."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=32,
    title="WebSocket and Socket.IO",
    learn=(
        Bullet(
            "The WebSocket handshake: an HTTP/1.1 `Upgrade` answered by `101 Switching Protocols`, "
            "`Sec-WebSocket-Accept` computed from `Sec-WebSocket-Key` (RFC 6455), then frames — "
            "by hand on a raw socket and with the `websockets` client",
            code=(
                "handshake.py:accept_for",
                "handshake.py:upgrade_request",
                "handshake.py:encode_frame",
                "app.py:create_app",
            ),
            tests=(
                "tests/test_handshake.py::test_accept_is_the_rfc_example",
                "tests/test_handshake.py::test_the_handshake_and_frames_by_hand_on_a_raw_socket",
                "tests/test_handshake.py::test_the_websockets_client_does_the_same_handshake",
            ),
        ),
        Bullet(
            "Socket.IO on top of Engine.IO: the open packet, long-polling upgraded to a WebSocket, "
            "the packet types, namespaces",
            code=("shared/realtime.py:create_realtime", "chat.py:attach_chat"),
            tests=(
                "tests/test_protocol.py::test_a_whole_chat_session_over_plain_http_long_polling",
                "tests/test_protocol.py::test_the_client_upgrades_from_polling_to_a_websocket",
                "tests/test_protocol.py::test_only_namespaces_with_handlers_accept_connections",
            ),
        ),
        Bullet(
            "A chat with events (`message`, `typing`), rooms to join and leave, and "
            "acknowledgements that answer each event with a status and a message id",
            code=("chat.py:attach_chat",),
            tests=(
                "tests/test_chat.py::test_a_message_reaches_the_room_and_the_ack_carries_its_id",
                "tests/test_chat.py::test_typing_is_shown_to_the_others_in_the_room",
                "tests/test_chat.py::test_join_is_idempotent_and_leave_stops_delivery",
            ),
        ),
        Bullet(
            "Private messages through a personal room per user, and presence: who is in a room, "
            "join and leave broadcasts, clean-up on disconnect",
            code=("chat.py:personal_room", "presence.py:Presence"),
            tests=(
                "tests/test_presence.py::test_a_private_message_reaches_every_tab_of_its_recipient_only",
                "tests/test_presence.py::test_joining_tells_the_whole_room_who_is_there",
                "tests/test_presence.py::test_a_disconnect_is_cleaned_up_and_announced",
            ),
        ),
        Bullet(
            "Untrusted payloads: pydantic validation answered in the ack (never a crash), a "
            "bounded packet size and a per-connection token bucket",
            code=("payloads.py", "chat.py:attach_chat", "shared/realtime.py:on_event"),
            tests=(
                "tests/test_bad_payloads.py::test_malformed_events_get_an_invalid_ack_and_deliver_nothing",
                "tests/test_bad_payloads.py::test_a_packet_over_the_limit_closes_only_that_connection",
                "tests/test_bad_payloads.py::test_a_flood_is_refused_until_the_bucket_refills",
            ),
        ),
        Bullet(
            "A browser page on the real Socket.IO JavaScript client, served from `node_modules` "
            "and tested with two pages in headless Chromium",
            code=("static/chat.html", "shared/realtime.py:serve_client_script"),
            tests=("tests/test_browser.py::test_two_pages_chat_in_one_room",),
        ),
        Bullet(
            "One Socket.IO server inside the FastAPI app (`shared.realtime`): CORS origins, a "
            "mount that works under a prefix, and the hook for Day 33's Redis manager",
            code=("shared/realtime.py:create_realtime",),
            tests=(
                "tests/test_realtime.py::test_the_lesson_works_mounted_under_a_prefix",
                "tests/test_realtime.py::test_only_allowed_origins_may_connect",
                "tests/test_realtime.py::test_a_redis_manager_delivers_across_two_servers",
            ),
        ),
    ),
    try_these=("GET /handshake", "open /chat in two browser tabs"),
    smoke="GET /rooms",
    tags=("WebSocket", "Socket.IO", "rooms", "acks"),
)
