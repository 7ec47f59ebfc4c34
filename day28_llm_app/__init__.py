"""Day 28: an LLM-backed API — templates, validated output, SSE, memory, retries, budgets."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=28,
    title="An LLM-backed API",
    learn=(
        Bullet(
            "Prompt templates kept in files and filled by typed functions: instructions in the "
            "system message, the user's text only inside delimiters it cannot close",
            code=(),
            tests=(),
        ),
        Bullet(
            "Structured output: a JSON schema from a Pydantic model, the answer validated by the "
            "same model, retried once with the error fed back, else a 502 problem",
            code=(),
            tests=(),
        ),
        Bullet(
            "Streaming to the client as Server-Sent Events: token events, a final event with the "
            "usage, and a client that hangs up stops the model's stream",
            code=(),
            tests=(),
        ),
        Bullet(
            "Conversation memory per session in Redis: the last turns only, written once an answer "
            "is complete, trimmed to a token budget before each call",
            code=(),
            tests=(),
        ),
        Bullet(
            "Timeouts and retries from the settings (LLM_TIMEOUT_S, LLM_MAX_RETRIES): a slow or "
            "failing model is retried with backoff, then answered 504 or 502",
            code=(),
            tests=(),
        ),
        Bullet(
            "A token budget per request: the reply capped by max_tokens, and a prompt over budget "
            "refused with 413 before the model is called",
            code=(),
            tests=(),
        ),
    ),
    needs=("llm", "redis"),
    try_these=(
        """curl -s localhost:8028/chat/demo -H 'content-type: application/json' -d '{"message": "my name is Ada"}'""",
        """curl -sN localhost:8028/chat/demo/stream -H 'content-type: application/json' -d '{"message": "what is my name?"}'""",
    ),
    smoke="GET /limits",
    tags=("LLM", "SSE", "structured output", "Redis"),
)
