"""Day 27: what an LLM is, seen from the backend — tokens, windows, sampling, roles, cost, streams."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=27,
    title="LLM basics",
    learn=(
        Bullet(
            "Tokens: what a model reads and bills — estimated before a call by a stated rule "
            "(about 4 characters per token), reported exactly by the API's usage field after it, "
            "and where they come from, shown by a toy byte-pair encoder",
            code=(),
            tests=(),
        ),
        Bullet(
            "The context window: prompt and reply share one budget of tokens, so a prompt that "
            "cannot fit is refused with 413 before anything is sent",
            code=(),
            tests=(),
        ),
        Bullet(
            "Temperature and top-p: how sampling turns a model's scores into one next token, and "
            "why the offline model answers the same whatever you set",
            code=(),
            tests=(),
        ),
        Bullet(
            "System, user and assistant messages: the list a chat model reads, and why it "
            "remembers only what you send it again",
            code=(),
            tests=(),
        ),
        Bullet(
            "Cost by token: each call's usage priced from a small, dated table of per-million-token "
            "prices",
            code=(),
            tests=(),
        ),
        Bullet(
            "Calling a chat model through the OpenAI SDK: the same code against the offline model, "
            "OpenAI, or a local Ollama",
            code=(),
            tests=(),
        ),
        Bullet(
            "Streaming: stream=True with include_usage, read chunk by chunk and passed through to "
            "the client as Server-Sent Events",
            code=(),
            tests=(),
        ),
    ),
    needs=("llm",),
    try_these=(
        """curl -s localhost:8027/chat -H 'content-type: application/json' -d '{"message": "what is 6 * 7"}'""",
        "python -m day27_llm_basics demo",
    ),
    smoke="GET /model",
    has_demo=True,
    tags=("LLM", "OpenAI SDK", "tokens", "streaming"),
)
