"""Day 34 · WebRTC: peers agree over signalling, then talk directly — data and video, encrypted."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=34,
    title="WebRTC",
    learn=(
        Bullet(
            "Signalling is not part of WebRTC: offers, answers and ICE candidates relayed over "
            "Socket.IO between the peers of a room, or to the server's own Python peer",
            code=(),
            tests=(),
        ),
        Bullet(
            "SDP offer/answer read line by line from a real aiortc offer: v=, o=, m= sections, "
            "codecs (a=rtpmap), a=ice-ufrag/pwd, a=fingerprint, a=candidate, a=sctp-port",
            code=(),
            tests=(),
        ),
        Bullet(
            "ICE: host candidates and connectivity checks, trickle, and why two peers on one "
            "machine need no STUN or TURN server (and when you would)",
            code=(),
            tests=(),
        ),
        Bullet(
            "DTLS-SRTP and SCTP: every packet encrypted, the certificate pinned by the SDP's "
            "fingerprint, data channels as reliable, ordered messages over SCTP",
            code=(),
            tests=(),
        ),
        Bullet(
            "A Python peer with aiortc: a data channel (echo, upper, ping/pong with timestamps) "
            "and a generated video track drawn frame by frame, no camera needed",
            code=(),
            tests=(),
        ),
        Bullet(
            "A browser page that calls the Python peer: RTCPeerConnection, createDataChannel, "
            "the Socket.IO client for signalling, and the received video in a <video> element",
            code=(),
            tests=(),
        ),
        Bullet(
            "Bounded and clean: bad SDP or candidates get an error acknowledgement or a 4xx "
            "problem, peers are capped and always closed, no task left behind",
            code=(),
            tests=(),
        ),
        Bullet(
            "Measured: data-channel round-trip time (p50/p99) and throughput with bufferedAmount "
            "back-pressure, against a plain TCP socket on the same machine",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /sdp/offer", "python -m day34_webrtc demo"),
    smoke="GET /sdp/offer",
    has_demo=True,
    tags=("WebRTC", "aiortc", "SDP", "ICE", "Socket.IO"),
)
