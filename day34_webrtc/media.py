"""A media track needs no camera: frames are just pixels, and any code can draw them.

``CounterBars`` is an aiortc ``VideoStreamTrack`` whose ``recv()`` draws each frame itself: a
colour bar sliding across a dark background, and along the top the frame number in binary
(16 big black or white blocks). aiortc encodes the frames (VP8 here), packs them into SRTP and
paces them at 30 frames a second; the receiver decodes them back into ``av.VideoFrame``s, and
``read_counter`` reads the number back out — proof that the frames on the far side are *ours*,
in order, after a lossy codec.

Frames are YUV 4:2:0 (``yuv420p``), what video codecs eat: a full-size luma plane (Y,
brightness) and two quarter-size chroma planes (U, V, colour). Drawing into the planes
directly needs no numpy and no colour conversion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiortc import VideoStreamTrack

if TYPE_CHECKING:
    import av

WIDTH, HEIGHT = 320, 240
#: the counter: this many bits along the top, each a block of BLOCK x BLOCK pixels
BITS, BLOCK = 16, 20
BAR_WIDTH = 32
# Luma levels of "video range" YUV: 16 is black, 235 is white.
BLACK, WHITE, BACKGROUND = 16, 235, 48


class CounterBars(VideoStreamTrack):
    """A generated video track: a moving colour bar and a binary frame counter."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        super().__init__()
        if width < BITS * BLOCK or height <= BLOCK or width % 2 or height % 2:
            raise ValueError(f"frames must be even-sized and at least {BITS * BLOCK}x{BLOCK + 2}")
        self.width, self.height = width, height
        self.frames_sent = 0

    async def recv(self) -> av.VideoFrame:
        # next_timestamp() sleeps until this frame is due (30 fps) and returns its timestamp in
        # 1/90000 s units, the RTP clock rate of every video codec.
        pts, time_base = await self.next_timestamp()
        frame = draw_frame(self.frames_sent, self.width, self.height)
        frame.pts, frame.time_base = pts, time_base
        self.frames_sent += 1
        return frame


def draw_frame(number: int, width: int = WIDTH, height: int = HEIGHT) -> av.VideoFrame:
    """Frame ``number``: the counter along the top, a bar at ``number * 4`` px, hue cycling."""
    import av  # noqa: PLC0415 - PyAV is heavy; only code that makes frames pays for it

    frame = av.VideoFrame(width=width, height=height, format="yuv420p")
    y_plane, u_plane, v_plane = frame.planes
    bar = (number * 4) % (width - BAR_WIDTH)

    counter_row = b"".join(
        bytes([WHITE if number >> (BITS - 1 - i) & 1 else BLACK]) * BLOCK for i in range(BITS)
    ).ljust(width, bytes([BLACK]))
    bar_row = bytes([BACKGROUND]) * bar + bytes([WHITE]) * BAR_WIDTH
    bar_row = bar_row.ljust(width, bytes([BACKGROUND]))
    rows = [counter_row] * BLOCK + [bar_row] * (height - BLOCK)
    _fill(y_plane, rows)

    # Chroma is half the size each way; 128 is "no colour". The bar's colour turns with time.
    u, v = _hue(number)
    half_bar, half_w = bar // 2, width // 2
    for plane, value in ((u_plane, u), (v_plane, v)):
        row = bytes([128]) * half_bar + bytes([value]) * (BAR_WIDTH // 2)
        _fill(plane, [row.ljust(half_w, bytes([128]))] * (height // 2))
    return frame


def read_counter(frame: av.VideoFrame) -> int:
    """The number ``draw_frame`` wrote along the top of ``frame`` (after any codec round trip)."""
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    y_plane = frame.planes[0]
    data, stride = bytes(y_plane), y_plane.line_size
    middle = BLOCK // 2
    number = 0
    for i in range(BITS):
        # The centre of each block: VP8 blurs edges, but a 20 px block keeps its middle.
        luma = data[middle * stride + i * BLOCK + middle]
        number = number << 1 | (luma > (BLACK + WHITE) // 2)
    return number


def _fill(plane: av.video.plane.VideoPlane, rows: list[bytes]) -> None:
    # A plane's rows may be padded for alignment (line_size >= width): pad ours to match.
    stride = plane.line_size
    plane.update(b"".join(row.ljust(stride, b"\0") for row in rows))


def _hue(number: int) -> tuple[int, int]:
    """(U, V) for a colour that goes round the colour wheel every 120 frames (4 s)."""
    step = number % 120
    points = ((84, 255), (255, 107), (43, 21), (84, 255))  # red → blue → green → red
    start, end = points[step // 40], points[step // 40 + 1]
    t = (step % 40) / 40
    return round(start[0] + (end[0] - start[0]) * t), round(start[1] + (end[1] - start[1]) * t)
