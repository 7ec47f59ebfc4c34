"""Structured output: the model fills a Pydantic model's schema, and Pydantic checks it did.

Free text is for people; a backend wants fields it can route on. :class:`Triage` is written
once and used three times:

1. its JSON schema goes to the model as ``response_format={"type": "json_schema", ...,
   "strict": True}`` — the model is asked (a real one is constrained) to answer in that shape;
2. its ``Literal`` values are listed in the prompt (:func:`day28_llm_app.prompts.choices`);
3. ``Triage.model_validate_json(answer)`` decides whether the answer is usable.

Never trust step 1 alone. Models answer with truncated JSON (out of tokens), refusals, or an
old schema; compatible servers may ignore ``strict``. When validation fails, the answer and
the error go back to the model once, in the conversation, asking for a correction — models
often fix what they are told is wrong. A second failure is the upstream's fault, answered as
a 502 problem listing what was wrong; the client's request was fine.

Offline, ``[bad-json]`` in the message makes the model spoil its next JSON answer (and
``[bad-json:2]`` the next two): :mod:`shared.offline_llm` states the rule. That is how the
tests walk both paths.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from day28_llm_app.budget import MAX_OUTPUT_TOKENS
from day28_llm_app.prompts import correction, triage_messages
from day28_llm_app.retries import complete
from shared.errors import BadGateway
from shared.llm import LLM

Category = Literal["billing", "bug", "account", "other"]
Urgency = Literal["low", "normal", "high"]
#: one first try, one correction
ATTEMPTS = 2


class Triage(BaseModel):
    """What the support team needs to route a message."""

    # extra="forbid" puts "additionalProperties": false in the schema, as strict mode requires
    model_config = ConfigDict(extra="forbid")

    category: Category
    urgency: Urgency
    # No default: strict mode wants every field required; "none" is spelled null.
    order_id: int | None = Field(description="the order number the customer gives, if any")


RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {"name": "triage", "schema": Triage.model_json_schema(), "strict": True},
}


class InvalidModelOutput(BadGateway):
    type = "/problems/invalid-model-output"
    title = "The model's answer did not validate"


class TriageResult(BaseModel):
    triage: Triage
    #: 1 when the first answer validated, 2 when the correction did
    attempts: int
    #: tokens of every attempt: a failed one is billed too
    prompt_tokens: int
    completion_tokens: int
    #: retries the SDK made on top (timeouts, 5xx)
    retries: int


async def triage(llm: LLM, ticket: str) -> TriageResult:
    messages: list[dict[str, Any]] = triage_messages(ticket, categories=Category, urgencies=Urgency)
    spent = [0, 0, 0]  # prompt tokens, completion tokens, retries
    errors: list[str] = []
    for attempt in range(1, ATTEMPTS + 1):
        completion, retries = await complete(
            llm,
            messages=messages,
            response_format=RESPONSE_FORMAT,
            max_completion_tokens=MAX_OUTPUT_TOKENS,
        )
        usage = completion.usage
        spent = [
            spent[0] + (usage.prompt_tokens if usage else 0),
            spent[1] + (usage.completion_tokens if usage else 0),
            spent[2] + retries,
        ]
        message = completion.choices[0].message
        if message.refusal:  # a real model may decline; asking again will not change its mind
            raise InvalidModelOutput(f"the model refused: {message.refusal}", attempts=attempt)
        answer = message.content or ""
        try:
            found = Triage.model_validate_json(answer)
        except ValidationError as exc:
            errors = describe(exc)
            # The conversation so far, plus what went wrong: the model sees its own answer.
            messages = [
                *messages,
                {"role": "assistant", "content": answer},
                {"role": "user", "content": correction(errors)},
            ]
            continue
        return TriageResult(
            triage=found,
            attempts=attempt,
            prompt_tokens=spent[0],
            completion_tokens=spent[1],
            retries=spent[2],
        )
    raise InvalidModelOutput(
        f"the model's answer did not fit the schema after {ATTEMPTS} attempts",
        attempts=ATTEMPTS,
        validation_errors=errors,
    )


def describe(exc: ValidationError) -> list[str]:
    """``"order_id: Input should be a valid integer"`` lines, without echoing the input back."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "(whole answer)"
        lines.append(f"{where}: {error['msg']}")
    return lines
