"""A bare FastAPI app with only ``/health``: the yardstick ``course check`` measures lessons against.

python -m course.bare --port 8999
"""

from __future__ import annotations

import argparse

from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8999)
    args = parser.parse_args()
    import uvicorn

    try:
        uvicorn.run("course.bare:create_app", factory=True, port=args.port, log_level="warning")
    except KeyboardInterrupt:
        pass
