"""Day 32: WebSocket and Socket.IO — the handshake by hand, then a chat with rooms and acks."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=32,
    title="WebSocket and Socket.IO",
    learn=(
        Bullet(
            "The WebSocket handshake: an HTTP/1.1 Upgrade answered by 101 Switching Protocols, "
            "Sec-WebSocket-Accept computed from Sec-WebSocket-Key (RFC 6455), then frames — by "
            "hand on a raw socket and with the websockets client",
            code=(),
            tests=(),
        ),
        Bullet(
            "Socket.IO on top of Engine.IO: the open packet, long-polling upgraded to a WebSocket, "
            "the packet types, namespaces",
            code=(),
            tests=(),
        ),
        Bullet(
            "A chat with events (message, typing), rooms to join and leave, and acknowledgements "
            "that answer each event with a status and a message id",
            code=(),
            tests=(),
        ),
        Bullet(
            "Private messages through a personal room per user, and presence: who is in a room, "
            "join and leave broadcasts, clean-up on disconnect",
            code=(),
            tests=(),
        ),
        Bullet(
            "Untrusted payloads: pydantic validation answered in the ack (never a crash), a "
            "bounded packet size and a per-connection token bucket",
            code=(),
            tests=(),
        ),
        Bullet(
            "A browser page on the real Socket.IO JavaScript client, served from node_modules and "
            "tested with two pages in headless Chromium",
            code=(),
            tests=(),
        ),
        Bullet(
            "One Socket.IO server inside the FastAPI app (shared.realtime): CORS origins, a mount "
            "that works under a prefix, and the hook for Day 33's Redis manager",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /handshake", "open /chat in two browser tabs"),
    smoke="GET /rooms",
    tags=("WebSocket", "Socket.IO", "rooms", "acks"),
)
