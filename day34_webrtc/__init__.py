"""Day 34 · WebRTC: peers agree over signalling, then talk directly — data and video, encrypted."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=34,
    title="WebRTC",
    learn=(
        Bullet(
            "Signalling is not part of WebRTC: offers, answers and ICE candidates relayed over "
            "Socket.IO between the peers of a room, or to the server's own Python peer",
            code=("signalling.py:install_signalling", "caller.py:call_python_peer"),
            tests=(
                "tests/test_signalling.py::test_offer_answer_and_candidates_are_relayed_to_the_other_peer_in_the_room",
                "tests/test_signalling.py::test_a_room_is_a_call_of_two",
                "tests/test_signalling.py::test_a_python_caller_talks_to_the_python_peer_over_socketio_signalling",
            ),
        ),
        Bullet(
            "SDP offer/answer read line by line from a real aiortc offer: `v=`, `o=`, `m=` "
            "sections, codecs (`a=rtpmap`), `a=ice-ufrag/pwd`, `a=fingerprint`, `a=candidate`, "
            "`a=sctp-port` (`GET /sdp/offer`)",
            code=("sdp.py:sample_offer", "sdp.py:annotate", "sdp.py:meaning"),
            tests=(
                "tests/test_sdp.py::test_a_real_offer_has_every_line_the_lesson_explains",
                "tests/test_sdp.py::test_every_important_line_gets_its_meaning",
                "tests/test_sdp.py::test_the_endpoint_shows_a_fresh_annotated_offer",
            ),
        ),
        Bullet(
            "ICE: host candidates and connectivity checks, trickle, and why two peers on one "
            "machine need no STUN or TURN server (and when you would)",
            code=("peer.py:ice_config", "peer.py:PythonPeers.add_candidate", "call.html"),
            tests=(
                "tests/test_sdp.py::test_on_one_machine_only_host_candidates_are_gathered",
                "tests/test_loopback.py::test_dtls_and_sctp_run_under_the_data_channel_and_the_fingerprint_is_the_sdps",
                "tests/test_signalling.py::test_a_python_caller_talks_to_the_python_peer_over_socketio_signalling",
            ),
        ),
        Bullet(
            "DTLS-SRTP and SCTP: every packet encrypted, the certificate pinned by the SDP's "
            "fingerprint, data channels as reliable, ordered messages over SCTP",
            code=("loopback.py:connected_pair",),
            tests=(
                "tests/test_loopback.py::test_a_forged_fingerprint_makes_dtls_refuse_the_connection",
                "tests/test_loopback.py::test_dtls_and_sctp_run_under_the_data_channel_and_the_fingerprint_is_the_sdps",
                "tests/test_loopback.py::test_data_channel_messages_arrive_in_order_both_ways_text_and_binary",
            ),
        ),
        Bullet(
            "A Python peer with aiortc: a data channel (echo, upper, ping/pong with timestamps) "
            "and a generated video track drawn frame by frame, no camera needed",
            code=("peer.py:PythonPeers.answer", "protocol.py:reply", "media.py:CounterBars"),
            tests=(
                "tests/test_messages_and_frames.py::test_the_python_peer_answers_each_message_type",
                "tests/test_loopback.py::test_the_generated_video_arrives_decoded_full_size_and_in_order",
                "tests/test_signalling.py::test_a_python_caller_talks_to_the_python_peer_over_socketio_signalling",
            ),
        ),
        Bullet(
            "A browser page that calls the Python peer: `RTCPeerConnection`, "
            "`createDataChannel`, the Socket.IO client for signalling, and the received video "
            "in a `<video>` element",
            code=("call.html",),
            tests=("tests/test_browser.py::test_the_browser_calls_the_python_peer_and_both_talk",),
        ),
        Bullet(
            "Bounded and clean: bad SDP or candidates get an error acknowledgement or a 4xx "
            "problem, peers are capped and always closed, no task left behind",
            code=("sdp.py:check_offer", "signalling.py:acknowledged", "loopback.py:no_other_tasks"),
            tests=(
                "tests/test_bad_input.py::test_bad_payloads_get_an_error_acknowledgement_and_change_nothing",
                "tests/test_bad_input.py::test_post_offer_refuses_bad_bodies_with_a_problem",
                "tests/test_bad_input.py::test_peers_are_capped_and_a_hangup_frees_a_place",
            ),
        ),
        Bullet(
            "Measured: data-channel round-trip time (p50/p99) and throughput with "
            "`bufferedAmount` back-pressure, against a plain TCP socket on the same machine",
            code=("bench.py",),
            tests=(
                "tests/test_lesson.py::test_the_benchmark_prints_round_trips_and_throughput_for_both_transports",
            ),
        ),
    ),
    try_these=("GET /sdp/offer", "python -m day34_webrtc demo"),
    smoke="GET /sdp/offer",
    has_demo=True,
    tags=("WebRTC", "aiortc", "SDP", "ICE", "Socket.IO"),
)
