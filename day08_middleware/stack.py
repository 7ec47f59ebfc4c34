"""The middleware stack of the day, in one place, because its order *is* its behaviour.

``add_middleware`` puts each new layer *outside* the ones already added, so the last call
below is the outermost layer. Outermost first, a request meets::

    RequestContext   request id, Server-Timing, access log — sees every answer, even CORS's
    CORSMiddleware   answers preflights itself; adds Access-Control-* for allowed origins
    TraceLayer       "outer"  (pure ASGI)
    process_time     "timing" (@app.middleware("http"))
    TraceLayer       "inner"  (pure ASGI)
    GZipMiddleware   compresses big bodies for clients that accept gzip
    BodyLimit        413 for oversized bodies (from shared.app.create_app, added first)
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from day08_middleware.onion import TraceLayer, process_time
from shared.middleware import RequestContext

#: the only web origins whose pages may call this API from a browser. Never "*" together
#: with credentials: that would let any site act with the user's cookies.
ALLOWED_ORIGINS = ("http://localhost:3000", "http://localhost:5173")
#: bodies smaller than this are sent as they are: gzip's header and CPU cost outweigh the win
GZIP_MINIMUM_BYTES = 500


def install_middleware(app: FastAPI) -> None:
    # GZip sits *inside* process_time: an @app.middleware("http") layer re-sends every body
    # as a stream of chunks, and a stream has no size for GZip to compare with minimum_size,
    # so outside it even a 40-byte answer would be compressed.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES)
    app.add_middleware(TraceLayer, name="inner")
    app.middleware("http")(process_time)
    app.add_middleware(TraceLayer, name="outer")
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(ALLOWED_ORIGINS),
        allow_methods=["GET"],
        allow_headers=["X-API-Key", "X-Request-ID"],
        # Without this a browser's script cannot read these headers, even on a 200.
        expose_headers=["X-Request-ID", "Server-Timing", "X-Layers", "X-Process-Time"],
        max_age=600,
    )
    app.add_middleware(RequestContext)
