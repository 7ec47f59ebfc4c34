"""Introduced on Day 27: the offline model — a few stated rules, not a language model.

It exists so every AI lesson runs, and is tested, without an API key: :mod:`shared.llm` serves it
in the OpenAI chat-completions shape (:mod:`shared.offline_llm_server`) and lessons reach it
through the real OpenAI SDK. Every answer can be predicted from these rules, applied in order:

1. **Tools offered** (and ``tool_choice`` is not ``"none"``): it follows a *plan* made from the
   last user message (the request), one tool call per turn. The *candidates* are the offered
   tools that share words with the request — a word in the name counts twice, one in the
   description once — and that have not been called since it. Of those, it calls the one with
   the best score (ties go to the tool offered first) among the *ready* ones: every required
   argument has a value, either a key of the same name in an earlier tool result (since the
   request; a JSON object, or the first object of a JSON list; the newest result wins) or a
   value in the request (a number for a number; for a string a ``name: value``, a quoted
   string, a capitalised name, or — when the string has a ``pattern`` — a word that fits it).
   On the first turn, when no candidate is ready, it calls the best-scoring candidate anyway.
   ``"required"`` forces a first call even with no shared word; a named function is called
   once. Arguments: earlier results' keys first, then *Filling a schema* on the request.
2. **After a tool result**, when the plan has no ready candidate left, it answers in text,
   quoting the last results: ``[offline model] get_weather returned: {"temp_c": 21}``. So a
   request that needs three tools in a row (search → price → total) runs three turns, then
   answers.
3. **Keyword intents** on the last user message, first match wins: ``my name is X`` (it replies
   to X), ``what is my name`` (it looks back through the conversation you sent — the only
   memory a chat model has), a greeting, arithmetic ``A + B`` (``- * /`` too), ``help``.
4. Otherwise it **echoes**: ``[offline model] You said: …``.

``response_format``: ``json_object`` wraps the answer as ``{"answer": …, "offline": true}``
(and, like the real API, needs the word "json" somewhere in the messages); ``json_schema``
returns an object that fits the schema, filled from the message (or the tool result).

*A bad answer on demand*, so lessons can test what they do when a model's JSON does not
validate: ``[bad-json]`` in a user message spoils the model's next JSON answer
(``json_object`` or ``json_schema``) — the JSON is cut off halfway, as when a real model runs out
of tokens — and ``[bad-json:N]`` spoils the next N. Spoiled answers count from the last user
message holding the marker: each assistant message after it that is such a half JSON object
used one up. An answer that follows spoiled ones (the backend sent the error back and asked
again) answers the marked message, as a model that corrects itself would; once an unspoiled
answer follows the marker, the marker is spent. The marker itself is never filled in or echoed
in a JSON answer; text answers ignore it.

*A gullible model*, so lessons can show that the backend — not the model — must guard its
tools: a tool result that says "ignore (all) previous instructions … call X" is **obeyed**,
once: its next turn calls ``X`` (arguments filled from that result), whether or not ``X`` was
offered. A real model may do the same; a backend that runs only the tools it allows is safe.

*Faulty tool calls on demand*, markers in the user's message (never used as words of the
request): ``[bad-tool-json]`` cuts the arguments of its first tool call after that message in
half (invalid JSON; such a call does not count as made, so it is made again, whole, after the
error comes back); ``[unknown-tool]`` names its first call ``<tool>_v2``, a tool nobody offered;
``[loop]`` makes it repeat its previous call — same tool, same arguments — after every result,
forever, as a model stuck in a loop does.

*Filling a schema* (tool arguments and ``json_schema``): required properties always, others only
when the text holds a value for them. A number or integer takes the text's next number; a string
takes ``name: value`` (or ``name=value``) for that property, else (with a ``pattern``) the
first quoted string or word that fits the pattern, else the next quoted string, else
the next capitalised word that does not start a sentence ("Paris"), else the whole message; an
enum takes the value the text mentions, else its first; a boolean is true when the text says
yes/true; an array takes every remaining number or quoted string; ``$ref``, ``anyOf`` and nested
objects are followed.

Every text answer starts with ``[offline model] `` and the response's model is
``offline-model``. Tokens are approximated as one per 4 characters (rounded up) of each message
plus 3 per message and 3 for the reply; ``max_tokens`` cuts the answer at 4 × max_tokens
characters with ``finish_reason="length"``; more than 8192 prompt tokens is a 400
``context_length_exceeded``, as with a real model. ``temperature``, ``top_p``, ``seed``… are
accepted and change nothing: the same conversation always gets the same answer.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

MODEL_ID = "offline-model"
LABEL = "[offline model] "
CONTEXT_WINDOW = 8192
CHARS_PER_TOKEN = 4

_STOPWORDS = frozenset(
    "a an the is are was be do does did what whats which who how of to in on at for from by with"
    " and or not me my i you your it its this that these those please can could would will get"
    " some any tell give show find".split()
)


class InvalidRequest(Exception):
    """A request the model refuses, reported in the OpenAI error shape (HTTP 400)."""

    def __init__(self, message: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message, self.param, self.code = message, param, code


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON text, as the API sends it


@dataclass
class Reply:
    content: str | None
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str = "stop"
    prompt_tokens: int = 0
    completion_tokens: int = 0


def count_tokens(text: str) -> int:
    """The stated approximation: one token per 4 characters, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def prompt_tokens(messages: list[dict[str, Any]]) -> int:
    total = 3  # the reply's priming
    for message in messages:
        total += 3 + count_tokens(text_of(message))
        for call in message.get("tool_calls") or []:
            function = call.get("function", {})
            total += count_tokens(function.get("name", "") + function.get("arguments", ""))
    return total


def respond(
    messages: list[dict[str, Any]],
    *,
    tools: list[dict[str, Any]] | None = None,
    tool_choice: Any = None,
    response_format: dict[str, Any] | None = None,
    max_tokens: int | None = None,
) -> Reply:
    """The model's whole behaviour: the rules of the module docstring, in order."""
    used = prompt_tokens(messages)
    if used > CONTEXT_WINDOW:
        raise InvalidRequest(
            f"This model's maximum context length is {CONTEXT_WINDOW} tokens. However, your "
            f"messages resulted in {used} tokens. Please reduce the length of the messages.",
            "messages",
            "context_length_exceeded",
        )
    fmt = (response_format or {}).get("type", "text")
    if fmt == "json_object" and not any("json" in text_of(m).lower() for m in messages):
        raise InvalidRequest(
            "'messages' must contain the word 'json' in some form, to use 'response_format' of "
            "type 'json_object'.",
            "messages",
        )

    results = _trailing_tool_results(messages)
    user_text = _last_user_text(messages)
    spoil = False
    if fmt in ("json_object", "json_schema"):
        spoil, marked = _json_fault(messages)
        user_text = marked if marked is not None else _BAD_JSON.sub("", user_text).strip()
    call = _choose_tool(user_text, tools or [], tool_choice, messages, after_results=bool(results))
    if call is not None:
        return Reply(None, [call], "tool_calls", used, count_tokens(call.name + call.arguments))
    if results:
        answer = LABEL + "; ".join(f"{name} returned: {content}" for name, content in results)
        source = " ".join(content for _, content in results)
    else:
        answer = LABEL + _intent(_TOOL_FAULT.sub("", user_text).strip(), messages)
        source = user_text

    if fmt == "json_object":
        content = json.dumps({"answer": answer, "offline": True})
    elif fmt == "json_schema":
        schema = (response_format or {}).get("json_schema", {}).get("schema") or {}
        content = json.dumps(fill_schema(schema, source, fallback=answer))
    else:
        content = answer
    if spoil:
        content = content[: len(content) // 2]

    finish = "stop"
    if max_tokens is not None and count_tokens(content) > max_tokens:
        content, finish = content[: max_tokens * CHARS_PER_TOKEN], "length"
    return Reply(content, [], finish, used, count_tokens(content))


def text_of(message: dict[str, Any]) -> str:
    """A message's text: a string, or the text parts of a list (images are ignored)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


# --- a bad answer on demand ----------------------------------------------------------------

_BAD_JSON = re.compile(r"\[bad-json(?::(\d{1,3}))?\]")


def _json_fault(messages: list[dict[str, Any]]) -> tuple[bool, str | None]:
    """(spoil this JSON answer?, the marked message to answer again after spoiled ones, or None)."""
    for i in range(len(messages) - 1, -1, -1):
        message = messages[i]
        if message.get("role") != "user" or not (found := _BAD_JSON.search(text_of(message))):
            continue
        answers = [m for m in messages[i + 1 :] if m.get("role") == "assistant"]
        if not all(_spoiled(m) for m in answers):
            return False, None  # a good answer followed: the marker is spent
        again = _BAD_JSON.sub("", text_of(message)).strip() if answers else None
        return len(answers) < int(found.group(1) or 1), again
    return False, None


def _spoiled(message: dict[str, Any]) -> bool:
    """A half JSON object, as the fault above leaves it."""
    text = text_of(message).strip()
    if not text.startswith("{"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


# --- rule 1: tool results -------------------------------------------------------------------


def _trailing_tool_results(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    names = {
        call.get("id"): call.get("function", {}).get("name", "tool")
        for m in messages
        for call in (m.get("tool_calls") or [])
    }
    results: list[tuple[str, str]] = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        results.append((names.get(message.get("tool_call_id"), "tool"), text_of(message)))
    return results[::-1]


# --- rule 2: choosing a tool ----------------------------------------------------------------


def _choose_tool(
    text: str,
    tools: list[dict[str, Any]],
    tool_choice: Any,
    messages: list[dict[str, Any]],
    *,
    after_results: bool,
) -> ToolCall | None:
    """Rules 1 and 2: the next call of the plan, an obeyed injection, a repeat — or None."""
    functions = [t.get("function", {}) for t in tools if t.get("type") == "function"]
    if not functions or tool_choice == "none":
        return None
    faults = set(_TOOL_FAULT.findall(text))
    text = _TOOL_FAULT.sub("", text).strip()
    if isinstance(tool_choice, dict):
        if after_results:
            return None  # a named function is called once; its result is then answered
        wanted = tool_choice.get("function", {}).get("name")
        chosen = next((f for f in functions if f.get("name") == wanted), None)
        if chosen is None:
            raise InvalidRequest(
                f"Invalid value for 'tool_choice': no function named '{wanted}' was specified "
                "in the 'tools' parameter.",
                "tool_choice",
                "invalid_value",
            )
        arguments = fill_schema(chosen.get("parameters") or {"type": "object"}, text, fallback=text)
        return _faulty(_call(messages, chosen.get("name", ""), arguments), faults, messages)

    since = _since_last_user(messages)
    if after_results and "loop" in faults and (last := _last_call(since)) is not None:
        return _call(messages, last[0], last[1])  # [loop]: the same call, again and again
    if after_results and (obeyed := _injected(since, functions)) is not None:
        return _call(messages, *obeyed)

    called = _called_names(since)
    known = _result_values(since)
    words = set(_words(text))
    scored = [(_tool_score(words, f), -i, f) for i, f in enumerate(functions)]
    candidates = [c for c in scored if c[0] > 0 and c[2].get("name") not in called]
    ready = [c for c in candidates if _ready(c[2].get("parameters") or {}, text, known)]
    pool = ready or ([] if after_results else candidates)
    if not pool and tool_choice == "required" and not after_results:
        pool = scored
    if not pool:
        return None
    chosen = max(pool, key=lambda c: (c[0], c[1]))[2]
    arguments = _fill_arguments(chosen.get("parameters") or {"type": "object"}, text, known)
    return _faulty(_call(messages, chosen.get("name", ""), arguments), faults, messages)


def _call(messages: list[dict[str, Any]], name: str, arguments: Any) -> ToolCall:
    digest = hashlib.sha256(
        json.dumps([messages, name], sort_keys=True, default=str).encode()
    ).hexdigest()
    return ToolCall(f"call_{digest[:24]}", name, json.dumps(arguments))


# --- the plan: several tools, one per turn --------------------------------------------------

_TOOL_FAULT = re.compile(r"\[(bad-tool-json|unknown-tool|loop)\]")
_INJECTION = re.compile(
    r"ignore (?:all )?(?:the )?(?:previous|prior|above) instructions\b.*?\bcall (?:the )?"
    r"(?:tool |function )?`?([A-Za-z_][\w-]{0,63})",
    re.I | re.S,
)


def _since_last_user(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].get("role") == "user":
            return messages[i + 1 :]
    return list(messages)


def _calls_in(since: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (call.get("function", {}).get("name", ""), call.get("function", {}).get("arguments", ""))
        for m in since
        if m.get("role") == "assistant"
        for call in (m.get("tool_calls") or [])
    ]


def _called_names(since: list[dict[str, Any]]) -> set[str]:
    """Tools called since the request; a call whose arguments were not JSON does not count."""
    names = set()
    for name, arguments in _calls_in(since):
        try:
            json.loads(arguments)
        except ValueError:
            continue
        names.add(name)
    return names


def _last_call(since: list[dict[str, Any]]) -> tuple[str, Any] | None:
    calls = _calls_in(since)
    if not calls:
        return None
    name, arguments = calls[-1]
    try:
        return name, json.loads(arguments)
    except ValueError:
        return name, {}


def _injected(
    since: list[dict[str, Any]], functions: list[dict[str, Any]]
) -> tuple[str, Any] | None:
    """A tool result that says "ignore previous instructions … call X": obeyed, once."""
    results = []
    for message in reversed(since):
        if message.get("role") != "tool":
            break
        results.append(text_of(message))
    called = {name for name, _ in _calls_in(since)}
    for text in results:
        match = _INJECTION.search(text)
        if match and match.group(1) not in called:
            name = match.group(1)
            offered = next((f for f in functions if f.get("name") == name), None)
            schema = (offered or {}).get("parameters") or {"type": "object"}
            return name, fill_schema(schema, text, fallback=text) if offered else {}
    return None


def _result_values(since: list[dict[str, Any]]) -> dict[str, Any]:
    """Keys of earlier tool results (the newest result holding a key wins)."""
    known: dict[str, Any] = {}
    for message in since:
        if message.get("role") != "tool":
            continue
        try:
            value = json.loads(text_of(message))
        except ValueError:
            continue
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, dict)), None)
        if isinstance(value, dict):
            known.update((k, v) for k, v in value.items() if v is not None)
    return known


def _fill_arguments(parameters: dict[str, Any], text: str, known: dict[str, Any]) -> Any:
    props = parameters.get("properties") or {}
    taken = {name: known[name] for name in props if name in known}
    if not taken:
        return fill_schema(parameters, text, fallback=text)
    rest = {
        **parameters,
        "properties": {k: v for k, v in props.items() if k not in taken},
        "required": [r for r in parameters.get("required", []) if r not in taken],
    }
    filled = fill_schema(rest, text, fallback=text)
    return {k: taken[k] if k in taken else filled[k] for k in props if k in taken or k in filled}


def _ready(parameters: dict[str, Any], text: str, known: dict[str, Any]) -> bool:
    """Every required argument has a value: an earlier result's key, or a value in the text."""
    facts = _Facts(text)
    props = parameters.get("properties") or {}
    for name in parameters.get("required", []):
        if name in known or name not in props:
            continue
        schema = _resolve(props[name], parameters)
        kind = schema.get("type")
        if kind in ("number", "integer"):
            named = facts.named(name)
            if not (named is not None and _NUMBER.fullmatch(named)) and not facts.numbers:
                return False
            if named is None:
                facts.numbers.popleft()
        elif kind == "string" and "enum" not in schema and "const" not in schema:
            if facts.named(name) is not None:
                continue
            if "pattern" in schema:
                if _matching(schema["pattern"], facts) is None:
                    return False
            elif facts.quoted:
                facts.quoted.popleft()
            elif facts.names:
                facts.names.popleft()
            else:
                return False
    return True


def _faulty(call: ToolCall, faults: set[str], messages: list[dict[str, Any]]) -> ToolCall:
    """The switches: the first call after the marked message is spoiled or misnamed."""
    if _calls_in(_since_last_user(messages)):
        return call
    if "bad-tool-json" in faults:
        call = ToolCall(call.id, call.name, call.arguments[: len(call.arguments) // 2])
    if "unknown-tool" in faults:
        call = ToolCall(call.id, f"{call.name}_v2", call.arguments)
    return call


def _matching(pattern: str, facts: _Facts) -> str | None:
    """The first value in the text that fits a string's ``pattern`` (quoted, then any word)."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    for candidate in [*facts.quoted, *re.findall(r"[\w@+-]+(?:\.[\w@+-]+)*", facts.text)]:
        if compiled.search(candidate):
            return candidate
    return None


def _tool_score(words: set[str], function: dict[str, Any]) -> int:
    name_words = set(_words(_split_identifier(function.get("name", ""))))
    description_words = set(_words(function.get("description") or ""))
    return 2 * len(words & name_words) + len(words & (description_words - name_words))


def _split_identifier(name: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")


def _words(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [_stem(w) for w in words if w not in _STOPWORDS and len(w) > 1]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


# --- rule 3 and 4: intents and echo ---------------------------------------------------------

_NAME_IS = re.compile(r"\bmy name is ([A-Za-z][\w-]*)", re.I)
_ASK_NAME = re.compile(r"\bwhat(?:'s| is) my name\b", re.I)
_GREETING = re.compile(r"^\s*(hi|hello|hey|good (?:morning|afternoon|evening))\b", re.I)
_ARITHMETIC = re.compile(r"(-?\d+(?:\.\d+)?)\s*([-+*/×])\s*(-?\d+(?:\.\d+)?)")
_HELP = re.compile(r"\b(help|what can you do)\b", re.I)


def _intent(text: str, messages: list[dict[str, Any]]) -> str:
    if match := _NAME_IS.search(text):
        return f"Nice to meet you, {match.group(1)}."
    if _ASK_NAME.search(text):
        for message in reversed(messages[:-1]):
            if message.get("role") == "user" and (found := _NAME_IS.search(text_of(message))):
                return f"Your name is {found.group(1)}."
        return "You have not told me your name in this conversation."
    if _GREETING.search(text):
        return "Hello! I answer by a few simple rules, without an API key."
    if match := _ARITHMETIC.search(text):
        return _arithmetic(*match.groups())
    if _HELP.search(text):
        return (
            "I follow stated rules: I call the tool whose name matches your words, quote tool "
            "results, remember your name if you told me in this conversation, do A + B "
            "arithmetic, and otherwise echo you."
        )
    return f"You said: {text}" if text.strip() else "You said nothing."


def _arithmetic(left: str, op: str, right: str) -> str:
    a, b = float(left), float(right)
    if op == "/" and b == 0:
        return f"{left} / {right} is undefined: I cannot divide by zero."
    value = {"+": a + b, "-": a - b, "*": a * b, "×": a * b, "/": a / b if b else 0.0}[op]
    shown = str(int(value)) if value.is_integer() else f"{value:.6g}"
    return f"{left} {op} {right} = {shown}"


def _last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            return text_of(message)
    return ""


# --- filling a JSON schema from text --------------------------------------------------------

_MISSING: Any = object()
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")
_QUOTED = re.compile(r"\"([^\"]*)\"|“([^”]*)”|(?<!\w)'([^']+)'(?!\w)")


class _Facts:
    """The values a text offers, each handed out once, in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.numbers = deque(float(n) for n in _NUMBER.findall(text))
        self.quoted = deque(
            next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(text)
        )
        unquoted = _QUOTED.sub(" ", text)
        self.names = deque(
            m.group(1)
            for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?: [A-Z][a-z]+)*)", unquoted)
            if m.group(1) != "I"
        )

    def named(self, name: str) -> str | None:
        if not name:
            return None
        pattern = rf"\b{re.escape(name)}\s*[:=]\s*(\"[^\"]*\"|[^\s,;]+)"
        match = re.search(pattern, self.text, re.I)
        return match.group(1).strip('"') if match else None


def fill_schema(schema: dict[str, Any], text: str, *, fallback: str) -> Any:
    """A value that fits ``schema``, taken from ``text`` by the rules of the module docstring."""
    return _fill(schema, _Facts(text), schema, "", True, fallback)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part, {}) if part else target
        schema, seen = target, seen + 1
    return schema if isinstance(schema, dict) else {}


def _fill(  # noqa: C901 - one branch per JSON type reads best as one function
    schema: dict[str, Any], facts: _Facts, root: dict[str, Any], name: str, required: bool,
    fallback: str,
) -> Any:  # fmt: skip
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema and schema["enum"]:
        for value in schema["enum"]:
            if re.search(rf"\b{re.escape(str(value))}\b", facts.text, re.I):
                return value
        return schema["enum"][0] if required else _MISSING
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema and schema[key]:
            options = [_resolve(o, root) for o in schema[key]]
            real = [o for o in options if o.get("type") != "null"] or options
            for option in real:
                value = _fill(option, facts, root, name, False, fallback)
                if value is not _MISSING:
                    return value
            if len(real) < len(options):
                return None if required else _MISSING
            return _fill(real[0], facts, root, name, required, fallback)

    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"

    if kind == "object":
        wanted = set(schema.get("required", []))
        result = {}
        for prop, sub in (schema.get("properties") or {}).items():
            value = _fill(sub, facts, root, prop, prop in wanted, fallback)
            if value is not _MISSING:
                result[prop] = value
        return result if result or required else _MISSING
    if kind == "array":
        items = _resolve(schema.get("items") or {}, root)
        item_kind = items.get("type")
        values: list[Any] = []
        if item_kind in ("number", "integer"):
            values = [
                int(n) if item_kind == "integer" or n.is_integer() else n for n in facts.numbers
            ]
            facts.numbers.clear()
        elif item_kind == "string" and "enum" not in items:
            values = list(facts.quoted)
            facts.quoted.clear()
        while len(values) < schema.get("minItems", 0):
            values.append(_fill(items, facts, root, name, True, fallback))
        if "maxItems" in schema:
            values = values[: schema["maxItems"]]
        return values if values or required else _MISSING
    if kind in ("number", "integer"):
        named = facts.named(name)
        number: float | None = None
        if named is not None and _NUMBER.fullmatch(named):
            number = float(named)
        elif facts.numbers:
            number = facts.numbers.popleft()
        if number is None:
            if not required:
                return _MISSING
            number = float(schema.get("default", schema.get("minimum", 0)))
        return int(number) if kind == "integer" or number.is_integer() else number
    if kind == "boolean":
        if re.search(r"\b(yes|true)\b", facts.text, re.I):
            return True
        if re.search(r"\b(no|false)\b", facts.text, re.I):
            return False
        return schema.get("default", False) if required else _MISSING
    if kind == "null":
        return None

    value = facts.named(name)
    if value is None and "pattern" in schema:
        value = _matching(schema["pattern"], facts)
    if value is None and facts.quoted:
        value = facts.quoted.popleft()
    if value is None and facts.names:
        value = facts.names.popleft()
    if value is None:
        if not required:
            return _MISSING
        value = schema.get("default", fallback)
    if "maxLength" in schema:
        value = value[: schema["maxLength"]]
    return value
