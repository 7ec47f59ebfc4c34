"""Introduced on Day 27: the offline model over HTTP — the OpenAI chat-completions shape on loopback.

Lessons never call :mod:`shared.offline_llm` directly: they send the same HTTP requests a real
model gets, through the real OpenAI SDK, so swapping in ``OPENAI_API_KEY`` changes nothing else.

* ``POST /v1/chat/completions`` — a ``chat.completion``, or with ``"stream": true`` Server-Sent
  Events: ``chat.completion.chunk`` objects whose ``delta`` carries the answer a word at a time
  (or the tool call's name, then its arguments), then ``data: [DONE]``;
  ``stream_options.include_usage`` adds a last chunk with ``usage`` and no choices.
* ``GET /v1/models`` and ``GET /v1/models/offline-model``.
* Every failure has the API's error body, ``{"error": {"message", "type", "param", "code"}}``:
  400 for bad JSON, missing or mistyped parameters, 401 without an API key (any key will do),
  404 for unknown paths, 413 for bodies over 2 MB.

:class:`OfflineModelServer` serves it with uvicorn on a port the OS picks, from a thread of the
calling process.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from shared.offline_llm import MODEL_ID, InvalidRequest, Reply, respond

MAX_BODY_BYTES = 2_000_000


# --- the request, as the API defines it -----------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class _FunctionCall(_Strict):
    name: str
    arguments: str


class _ToolCall(_Strict):
    id: str
    type: Literal["function"]
    function: _FunctionCall


class _Message(_Strict):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: Any = None  # a string or a list of parts: checked by hand for a clearer message
    name: str | None = None
    tool_calls: list[_ToolCall] | None = None
    tool_call_id: str | None = None


class _Function(_Strict):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[a-zA-Z0-9_-]+$")
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class _Tool(_Strict):
    type: Literal["function"]
    function: _Function


class _JsonSchema(_Strict):
    name: str
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    strict: bool | None = None


class _ResponseFormat(_Strict):
    type: Literal["text", "json_object", "json_schema"]
    json_schema: _JsonSchema | None = None


class _StreamOptions(_Strict):
    include_usage: bool | None = None


class ChatRequest(_Strict):
    model: str
    messages: list[_Message] = Field(min_length=1)
    tools: list[_Tool] | None = None
    tool_choice: Any = None
    response_format: _ResponseFormat | None = None
    stream: bool | None = None
    stream_options: _StreamOptions | None = None
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    n: int | None = Field(default=None, ge=1, le=1)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, ge=0, le=1)


# --- the app --------------------------------------------------------------------------------


def create_offline_app() -> Starlette:
    """The offline model's HTTP app (Starlette: it needs no more than three routes)."""
    return Starlette(
        routes=[
            Route("/v1/chat/completions", chat_completions, methods=["POST"]),
            Route("/v1/models", list_models, methods=["GET"]),
            Route("/v1/models/{model_id:path}", get_model, methods=["GET"]),
        ],
        exception_handlers={HTTPException: _http_error},
    )


async def chat_completions(request: Request) -> Response:
    if not request.headers.get("authorization", "").removeprefix("Bearer ").strip():
        return error(401, "You didn't provide an API key (any value will do offline).", code=None)
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return error(413, f"Request body is larger than {MAX_BODY_BYTES} bytes.")
    try:
        req = _parse(body)
        reply = respond(
            [m.model_dump(exclude_none=True) for m in req.messages],
            tools=[t.model_dump(exclude_none=True) for t in req.tools or []],
            tool_choice=req.tool_choice,
            response_format=req.response_format.model_dump(by_alias=True, exclude_none=True)
            if req.response_format
            else None,
            max_tokens=req.max_completion_tokens or req.max_tokens,
        )
    except InvalidRequest as exc:
        return error(400, exc.message, param=exc.param, code=exc.code)

    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())
    if req.stream:
        include_usage = bool(req.stream_options and req.stream_options.include_usage)
        return StreamingResponse(
            _sse(_chunks(reply, completion_id, created, include_usage)),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache"},
        )
    message: dict[str, Any] = {"role": "assistant", "content": reply.content, "refusal": None}
    if reply.tool_calls:
        message["tool_calls"] = [_tool_call_json(c) for c in reply.tool_calls]
    return JSONResponse(
        {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "system_fingerprint": "offline",
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": _usage(reply),
        }
    )


async def list_models(request: Request) -> Response:
    return JSONResponse({"object": "list", "data": [_model_json()]})


async def get_model(request: Request) -> Response:
    model_id = request.path_params["model_id"]
    if model_id != MODEL_ID:
        return error(
            404,
            f"The model `{model_id}` does not exist; offline there is only `{MODEL_ID}`.",
            param="model",
            code="model_not_found",
        )
    return JSONResponse(_model_json())


def error(
    status: int, message: str, *, param: str | None = None, code: str | None = None
) -> JSONResponse:
    """The OpenAI error body, which the SDK turns into ``BadRequestError`` and friends."""
    kind = "invalid_request_error" if status < 500 else "server_error"
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return JSONResponse(body, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error(404, f"Invalid URL ({request.method} {request.url.path})")
    if exc.status_code == 405:
        return error(405, f"Method {request.method} is not allowed on {request.url.path}")
    return error(exc.status_code, str(exc.detail))


# --- validation: pydantic does the work, the messages follow the real API -------------------


def _parse(body: bytes) -> ChatRequest:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise InvalidRequest(
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)"
        ) from exc
    if not isinstance(data, dict):
        raise InvalidRequest(
            f"Invalid type for the request body: expected an object, but got {_kind(data)} instead.",
            code="invalid_type",
        )
    try:
        req = ChatRequest.model_validate(data)
    except ValidationError as exc:
        raise _as_invalid_request(exc) from exc
    _check_messages(req)
    if req.tool_choice is not None and not (
        req.tool_choice in ("none", "auto", "required")
        or (
            isinstance(req.tool_choice, dict)
            and req.tool_choice.get("type") == "function"
            and isinstance(req.tool_choice.get("function"), dict)
            and isinstance(req.tool_choice["function"].get("name"), str)
        )
    ):
        raise InvalidRequest(
            "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or "
            '{"type": "function", "function": {"name": ...}}.',
            "tool_choice",
            "invalid_value",
        )
    if req.tool_choice not in (None, "none") and not req.tools:
        raise InvalidRequest(
            "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are "
            "specified.",
            "tool_choice",
        )
    fmt = req.response_format
    if fmt and fmt.type == "json_schema" and fmt.json_schema is None:
        raise InvalidRequest(
            "Missing required parameter: 'response_format.json_schema'.",
            "response_format.json_schema",
            "missing_required_parameter",
        )
    return req


def _check_messages(req: ChatRequest) -> None:
    offered: set[str] = set()
    for i, message in enumerate(req.messages):
        where = f"messages[{i}]"
        content = message.content
        parts_ok = isinstance(content, list) and all(
            isinstance(p, dict) and isinstance(p.get("type"), str) for p in content
        )
        if not (content is None or isinstance(content, str) or parts_ok):
            raise InvalidRequest(
                f"Invalid type for '{where}.content': expected a string or an array of content "
                f"parts, but got {_kind(content)} instead.",
                f"{where}.content",
                "invalid_type",
            )
        if content is None and message.role != "assistant":
            raise InvalidRequest(
                f"Missing required parameter: '{where}.content'.",
                f"{where}.content",
                "missing_required_parameter",
            )
        if message.role == "assistant":
            offered.update(call.id for call in message.tool_calls or [])
        if message.role == "tool":
            if message.tool_call_id is None:
                raise InvalidRequest(
                    f"Missing required parameter: '{where}.tool_call_id'.",
                    f"{where}.tool_call_id",
                    "missing_required_parameter",
                )
            if message.tool_call_id not in offered:
                raise InvalidRequest(
                    "Invalid parameter: messages with role 'tool' must be a response to a "
                    "preceding message with 'tool_calls'.",
                    f"{where}.role",
                )


_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "a boolean",
    "list_type": "an array",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}


def _as_invalid_request(exc: ValidationError) -> InvalidRequest:
    """The first problem, worded and coded as the real API words it."""
    first = exc.errors()[0]
    param = _param(first["loc"])
    kind = first["type"]
    if kind == "missing":
        return InvalidRequest(
            f"Missing required parameter: '{param}'.", param, "missing_required_parameter"
        )
    if kind == "too_short" and param == "messages":
        return InvalidRequest(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got "
            "an empty array instead.",
            param,
            "empty_array",
        )
    if kind in _EXPECTED:
        got = _kind(first.get("input"))
        return InvalidRequest(
            f"Invalid type for '{param}': expected {_EXPECTED[kind]}, but got {got} instead.",
            param,
            "invalid_type",
        )
    if kind == "literal_error":
        expected = first.get("ctx", {}).get("expected", "")
        return InvalidRequest(
            f"Invalid value: {first.get('input')!r}. Supported values are: {expected}.",
            param,
            "invalid_value",
        )
    return InvalidRequest(f"Invalid '{param}': {first['msg']}.", param, "invalid_value")


def _param(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


# --- answers --------------------------------------------------------------------------------


def _usage(reply: Reply) -> dict[str, int]:
    return {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": reply.prompt_tokens + reply.completion_tokens,
    }


def _tool_call_json(call: Any) -> dict[str, Any]:
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }


def _model_json() -> dict[str, Any]:
    return {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "backend-nexus"}


def _chunks(
    reply: Reply, completion_id: str, created: int, include_usage: bool
) -> list[dict[str, Any]]:
    """The stream of a reply: role first, then the answer a word at a time, then the finish."""

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "system_fingerprint": "offline",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if include_usage:
            body["usage"] = None
        return body

    chunks: list[dict[str, Any]] = []
    if reply.tool_calls:
        for index, call in enumerate(reply.tool_calls):
            head = {"index": index, "id": call.id, "type": "function"}
            head["function"] = {"name": call.name, "arguments": ""}
            delta: dict[str, Any] = {"tool_calls": [head]}
            if index == 0:
                delta = {"role": "assistant", "content": None, **delta}
            chunks.append(chunk(delta))
            half = len(call.arguments) // 2
            for piece in (call.arguments[:half], call.arguments[half:]):
                chunks.append(
                    chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
                )
    else:
        chunks.append(chunk({"role": "assistant", "content": ""}))
        words = (reply.content or "").split(" ")
        for i, word in enumerate(words):
            chunks.append(chunk({"content": word if i == len(words) - 1 else word + " "}))
    chunks.append(chunk({}, reply.finish_reason))
    if include_usage:
        last = chunk({})
        last["choices"], last["usage"] = [], _usage(reply)
        chunks.append(last)
    return chunks


async def _sse(chunks: list[dict[str, Any]]) -> AsyncIterator[bytes]:
    for item in chunks:
        yield f"data: {json.dumps(item)}\n\n".encode()
    yield b"data: [DONE]\n\n"


# --- serving it -----------------------------------------------------------------------------


class OfflineModelServer:
    """uvicorn serving :func:`create_offline_app` on a free loopback port, from a thread.

    We bind the socket ourselves (port 0: the OS picks a free one) and hand it to uvicorn, so
    there is no window in which another process could take "our" port.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        import uvicorn  # noqa: PLC0415 - only when the offline model is really served

        self.host = host
        # IPPROTO_TCP named explicitly: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
        # sockets whose proto says TCP, and a socket made with proto 0 would hold each small
        # response write for the client's delayed ACK — about 40 ms per call on a kept-alive
        # connection.
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind((host, 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(
            create_offline_app(),
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [self.sock]},
            name="offline-model",
            daemon=True,
        )

    @property
    def base_url(self) -> str:
        """What ``AsyncOpenAI(base_url=...)`` wants: the root that ``/chat/completions`` hangs off."""
        return f"http://{self.host}:{self.port}/v1"

    def start(self, deadline_s: float = 10.0) -> str:
        self.thread.start()
        started = time.perf_counter()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the offline model's server stopped during start-up")
            if time.perf_counter() - started > deadline_s:
                raise TimeoutError(f"the offline model did not start within {deadline_s} s")
            time.sleep(0.002)
        return self.base_url

    def stop(self, deadline_s: float = 10.0) -> None:
        self.server.should_exit = True
        if self.thread.is_alive():
            self.thread.join(deadline_s)
        self.sock.close()

    def __enter__(self) -> OfflineModelServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
