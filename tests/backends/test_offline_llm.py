"""The offline model, tested as lessons use it: the real OpenAI SDK over HTTP, streaming included."""

from __future__ import annotations

import json
import math
from typing import Literal

import httpx
import openai
import pytest
from pydantic import BaseModel

from shared.offline_llm import LABEL, fill_schema, prompt_tokens

MODEL = "gpt-4o-mini"  # any name is accepted: lesson code written for a real model runs as is

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city"],
        },
    },
}
ADD = {
    "type": "function",
    "function": {
        "name": "add_numbers",
        "description": "Add two numbers and return the sum",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
            "required": ["a", "b"],
        },
    },
}
SEARCH = {
    "type": "function",
    "function": {
        "name": "search_docs",
        "description": "Search the course documentation",
        "parameters": {
            "type": "object",
            "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}},
            "required": ["query"],
        },
    },
}


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


async def test_a_text_answer_says_it_is_offline_and_counts_tokens(llm_client) -> None:
    messages = user("What is 6 * 7?")
    reply = await llm_client.chat.completions.create(model=MODEL, messages=messages)
    choice = reply.choices[0]
    assert choice.message.content == f"{LABEL}6 * 7 = 42"
    assert choice.finish_reason == "stop"
    assert reply.model == "offline-model"
    # The stated approximation: 4 characters a token, 3 per message, 3 for the reply.
    assert reply.usage.prompt_tokens == 3 + 3 + math.ceil(len("What is 6 * 7?") / 4)
    assert reply.usage.completion_tokens == math.ceil(len(choice.message.content) / 4)
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


async def test_streaming_sends_the_same_answer_word_by_word_then_usage(llm_client) -> None:
    messages = user("hello there, offline model")
    whole = await llm_client.chat.completions.create(model=MODEL, messages=messages)
    stream = await llm_client.chat.completions.create(
        model=MODEL, messages=messages, stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk async for chunk in stream]
    assert chunks[0].choices[0].delta.role == "assistant"
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert len([p for p in pieces if p]) > 3  # really streamed, not one blob
    assert "".join(pieces) == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage == whole.usage
    assert all(c.usage is None for c in chunks[:-1])


async def test_without_include_usage_no_chunk_carries_usage(llm_client) -> None:
    stream = await llm_client.chat.completions.create(model=MODEL, messages=user("hi"), stream=True)
    chunks = [chunk async for chunk in stream]
    assert all(c.usage is None and c.choices for c in chunks)


@pytest.mark.parametrize(
    ("text", "name", "arguments"),
    [
        (
            "What's the weather in New York, in fahrenheit?",
            "get_weather",
            {"city": "New York", "unit": "fahrenheit"},
        ),
        ("Please add 2 and 40", "add_numbers", {"a": 2, "b": 40}),
        (
            "search the documentation for 'rate limits', limit: 3",
            "search_docs",
            {"query": "rate limits", "limit": 3},
        ),
    ],
)
async def test_the_tool_whose_words_match_is_called_with_arguments_from_the_message(
    llm_client, text: str, name: str, arguments: dict
) -> None:
    reply = await llm_client.chat.completions.create(
        model=MODEL, messages=user(text), tools=[WEATHER, ADD, SEARCH]
    )
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls
    assert call.function.name == name
    assert json.loads(call.function.arguments) == arguments


async def test_no_matching_tool_means_a_text_answer_unless_a_call_is_required(llm_client) -> None:
    text = await llm_client.chat.completions.create(
        model=MODEL, messages=user("tell me a joke"), tools=[WEATHER]
    )
    assert text.choices[0].message.content.startswith(LABEL)
    forced = await llm_client.chat.completions.create(
        model=MODEL, messages=user("tell me a joke"), tools=[ADD, WEATHER],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )  # fmt: skip
    assert forced.choices[0].message.tool_calls[0].function.name == "get_weather"


async def test_after_a_tool_result_it_answers_in_text_using_it(llm_client) -> None:
    messages: list = user("Please add 2 and 40")
    first = await llm_client.chat.completions.create(model=MODEL, messages=messages, tools=[ADD])
    call = first.choices[0].message.tool_calls[0]
    messages += [
        first.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": "42"},
    ]
    final = await llm_client.chat.completions.create(model=MODEL, messages=messages, tools=[ADD])
    assert final.choices[0].message.content == f"{LABEL}add_numbers returned: 42"
    assert final.choices[0].finish_reason == "stop"


class Report(BaseModel):
    city: str
    temp_c: float
    unit: Literal["C", "F"]
    raining: bool


async def test_streamed_tool_calls_assemble_in_the_sdk_helper(llm_client) -> None:
    async with llm_client.chat.completions.stream(
        model=MODEL,
        messages=user("Report for Oslo: 4.5 degrees, unit F, raining yes"),
        tools=[openai.pydantic_function_tool(Report)],
        tool_choice="required",
    ) as stream:
        async for _event in stream:
            pass
        final = await stream.get_final_completion()
    call = final.choices[0].message.tool_calls[0]
    assert call.function.parsed_arguments == Report(city="Oslo", temp_c=4.5, unit="F", raining=True)


async def test_structured_output_fits_the_schema(llm_client) -> None:
    parsed = await llm_client.chat.completions.parse(
        model=MODEL,
        messages=user("Weather today in Paris: 21.5 degrees, unit C, no rain"),
        response_format=Report,
    )
    assert parsed.choices[0].message.parsed == Report(
        city="Paris", temp_c=21.5, unit="C", raining=False
    )


async def test_json_mode_needs_the_word_json_like_the_real_api(llm_client) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await llm_client.chat.completions.create(
            model=MODEL, messages=user("hi"), response_format={"type": "json_object"}
        )
    assert caught.value.param == "messages"
    reply = await llm_client.chat.completions.create(
        model=MODEL, messages=user("hi, answer in JSON"), response_format={"type": "json_object"}
    )
    assert json.loads(reply.choices[0].message.content) == {
        "answer": f"{LABEL}Hello! I answer by a few simple rules, without an API key.",
        "offline": True,
    }


async def test_memory_is_only_the_conversation_you_send(llm_client) -> None:
    ask = {"role": "user", "content": "What is my name?"}
    alone = await llm_client.chat.completions.create(model=MODEL, messages=[ask])
    assert "have not told me" in alone.choices[0].message.content
    history = [
        {"role": "user", "content": "Hi, my name is Ada"},
        {"role": "assistant", "content": f"{LABEL}Nice to meet you, Ada."},
        ask,
    ]
    remembered = await llm_client.chat.completions.create(model=MODEL, messages=history)
    assert remembered.choices[0].message.content == f"{LABEL}Your name is Ada."


async def test_max_tokens_cuts_the_answer(llm_client) -> None:
    reply = await llm_client.chat.completions.create(
        model=MODEL, messages=user("a fairly long sentence to echo back"), max_tokens=3
    )
    assert reply.choices[0].finish_reason == "length"
    assert reply.choices[0].message.content == LABEL[:12]
    assert reply.usage.completion_tokens == 3


async def test_the_context_window_is_enforced(llm_client) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await llm_client.chat.completions.create(model=MODEL, messages=user("x" * 40_000))
    assert caught.value.code == "context_length_exceeded"
    assert "maximum context length is 8192 tokens" in caught.value.message


async def test_models_are_listed(llm_client) -> None:
    page = await llm_client.models.list()
    assert [m.id for m in page.data] == ["offline-model"]
    assert (await llm_client.models.retrieve("offline-model")).owned_by == "backend-nexus"
    with pytest.raises(openai.NotFoundError):
        await llm_client.models.retrieve("gpt-5")


@pytest.mark.parametrize(
    ("body", "status", "param", "code"),
    [
        (b"{not json", 400, None, None),
        (b"[1, 2]", 400, None, "invalid_type"),
        (b'{"model": "m"}', 400, "messages", "missing_required_parameter"),
        (b'{"model": "m", "messages": "hi"}', 400, "messages", "invalid_type"),
        (b'{"model": "m", "messages": []}', 400, "messages", "empty_array"),
        (
            b'{"messages": [{"role": "user", "content": "hi"}]}',
            400,
            "model",
            "missing_required_parameter",
        ),
        (
            b'{"model": "m", "messages": [{"role": "robot", "content": "hi"}]}',
            400,
            "messages[0].role",
            "invalid_value",
        ),
        (
            b'{"model": "m", "messages": [{"role": "user", "content": 5}]}',
            400,
            "messages[0].content",
            "invalid_type",
        ),
        (
            b'{"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": "yes"}',
            400,
            "stream",
            "invalid_type",
        ),
        (
            b'{"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}',
            400,
            "max_tokens",
            "invalid_value",
        ),
        (
            b'{"model": "m", "messages": [{"role": "tool", "content": "42"}]}',
            400,
            "messages[0].tool_call_id",
            "missing_required_parameter",
        ),
        (
            b'{"model": "m", "messages": [{"role": "tool", "tool_call_id": "x", "content": "42"}]}',
            400,
            "messages[0].role",
            None,
        ),
        (
            b'{"model": "m", "messages": [{"role": "user", "content": "hi"}], "tool_choice": "auto"}',
            400,
            "tool_choice",
            None,
        ),
    ],
)
async def test_malformed_requests_get_the_api_error_shape(
    offline_llm: str, body: bytes, status: int, param: str | None, code: str | None
) -> None:
    async with httpx.AsyncClient(headers={"authorization": "Bearer k"}) as client:
        response = await client.post(
            f"{offline_llm}/chat/completions",
            content=body,
            headers={"content-type": "application/json"},
        )
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error" and error["message"]
    assert (error["param"], error["code"]) == (param, code)


async def test_the_sdk_surfaces_the_error_fields(llm_client) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await llm_client.chat.completions.create(
            model=MODEL, messages=[{"role": "wizard", "content": "hi"}]
        )
    assert caught.value.status_code == 400
    assert (caught.value.param, caught.value.code) == ("messages[0].role", "invalid_value")


@pytest.mark.parametrize(
    ("method", "path", "headers", "content", "status"),
    [
        ("POST", "/chat/completions", {}, b"{}", 401),
        ("GET", "/nowhere", {"authorization": "Bearer k"}, b"", 404),
        ("GET", "/chat/completions", {"authorization": "Bearer k"}, b"", 405),
        ("POST", "/chat/completions", {"authorization": "Bearer k"}, b" " * 2_000_001, 413),
    ],
)
async def test_other_failures_keep_the_shape(
    offline_llm, method, path, headers, content, status
) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.request(
            method, offline_llm + path, headers=headers, content=content
        )
    assert response.status_code == status
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_schema_filling_follows_refs_and_optional_fields() -> None:
    schema = {
        "type": "object",
        "properties": {
            "owner": {"$ref": "#/$defs/Person"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "required": ["owner", "tags", "note"],
        "$defs": {
            "Person": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
                "required": ["name", "age"],
            }
        },
    }
    text = 'Book "Grace", age 36, tagged "vip" and "late"'
    assert fill_schema(schema, text, fallback="?") == {
        "owner": {"name": "Grace", "age": 36},
        "tags": ["vip", "late"],
        "note": None,
    }


def test_prompt_tokens_count_every_message() -> None:
    messages = [{"role": "system", "content": "x" * 8}, {"role": "user", "content": "y" * 9}]
    assert prompt_tokens(messages) == 3 + (3 + 2) + (3 + 3)
