"""The data-channel protocol and the drawn frames, without any network."""

from __future__ import annotations

import json

import pytest

from day34_webrtc.media import CounterBars, draw_frame, read_counter
from day34_webrtc.protocol import MAX_MESSAGE, reply


def test_the_python_peer_answers_each_message_type() -> None:
    assert json.loads(reply('{"type": "upper", "text": "é, hi"}')) == {
        "type": "upper",
        "text": "É, HI",
    }
    assert json.loads(reply('{"type": "echo", "text": "x"}')) == {"type": "echo", "text": "x"}
    pong = json.loads(reply('{"type": "ping", "id": 3, "t": 99.5}'))
    assert pong["type"] == "pong" and (pong["id"], pong["t"]) == (3, 99.5) and pong["server_t"] > 0
    stats = json.loads(reply('{"type": "stats"}', lambda: {"frames_sent": 4}))
    assert stats == {"type": "stats", "frames_sent": 4}


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[]",
        '{"type": "shout"}',
        '{"type": "echo"}',
        '{"type": "echo", "text": "x", "more": 1}',
        '{"type": "ping", "id": -1, "t": 0}',
        '{"type": "upper", "text": "' + "x" * 5000 + '"}',
        "x" * (MAX_MESSAGE + 1),
        b"\x00binary",
    ],
)
def test_a_bad_message_gets_an_error_reply_not_an_exception(raw: str | bytes) -> None:
    answer = json.loads(reply(raw))
    assert answer["type"] == "error" and len(answer["detail"]) < 300


@pytest.mark.parametrize("number", [0, 1, 255, 4096, 65535])
def test_the_counter_drawn_into_a_frame_reads_back(number: int) -> None:
    frame = draw_frame(number)
    assert (frame.width, frame.height, frame.format.name) == (320, 240, "yuv420p")
    assert read_counter(frame) == number
    assert read_counter(frame.reformat(format="rgb24")) == number


async def test_the_track_stamps_frames_at_30_per_second_on_the_90khz_clock() -> None:
    track = CounterBars()
    frames = [await track.recv() for _ in range(3)]
    assert [read_counter(f) for f in frames] == [0, 1, 2]
    assert [f.pts for f in frames] == [0, 3000, 6000]  # 90000 / 30 per frame
    track.stop()


def test_frames_too_small_for_the_counter_are_refused() -> None:
    with pytest.raises(ValueError, match="even-sized"):
        CounterBars(width=100, height=100)
