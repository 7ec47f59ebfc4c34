"""A chat-completions server that fails on purpose: 5xx first, a stall, or a 400."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ANSWER = "fake answer"


class FakeModel:
    def __init__(self, *, failures: int = 0, status: int = 500, stall: bool = False) -> None:
        self.failures, self.status, self.stall = failures, status, stall
        self.calls = 0
        self.app = Starlette(routes=[Route("/v1/chat/completions", self.chat, methods=["POST"])])

    async def chat(self, request: Request) -> Response:
        await request.body()
        self.calls += 1
        if self.stall:
            await request.receive()  # never answer: wait until the client gives up
            return Response(status_code=500)
        if self.calls <= self.failures:
            error = {"message": "the model crashed", "type": "server_error", "param": None}
            return JSONResponse({"error": {**error, "code": None}}, self.status)
        return JSONResponse(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": "fake-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": ANSWER},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
            }
        )
