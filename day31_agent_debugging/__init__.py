"""Day 31: debugging agents — traces, caught failures, loops, retries and replayed runs."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=31,
    title="Debugging agents",
    learn=(
        Bullet(
            "A trace of every step — the prompt sent, the tool call and its arguments, the result, "
            "the tokens from usage, the time taken — as JSON with OpenTelemetry GenAI attribute "
            "names (GET /runs/{id}/trace)",
            code=(),
            tests=(),
        ),
        Bullet(
            "A readable timeline of a run, as text or HTML (GET /runs/{id}/timeline), with what "
            "tools returned escaped, since it is untrusted text",
            code=(),
            tests=(),
        ),
        Bullet(
            "Malformed tool-call JSON, unknown tools, tool exceptions and tool timeouts "
            "(asyncio.timeout per tool): each caught, fed back to the model, and visible in the trace",
            code=(),
            tests=(),
        ),
        Bullet(
            "Loops: the same call with the same arguments is detected before it runs again, and "
            "the run stops and says which step it repeats",
            code=(),
            tests=(),
        ),
        Bullet(
            "Model timeouts and 5xx: retried with exponential backoff, every attempt in the trace, "
            "then a 504 or 502 problem+json that names the run to inspect",
            code=(),
            tests=(),
        ),
        Bullet(
            "Replaying a recorded run as a regression test: a replay model serves the recorded "
            "responses in order and reports the first request that differs",
            code=(),
            tests=(),
        ),
    ),
    needs=("llm",),
    try_these=(
        """curl -s localhost:8031/runs -H 'content-type: application/json' -d '{"task": "Where is my order A1002?"}'""",
        "curl -s localhost:8031/runs/<id>/timeline",
    ),
    smoke="GET /runs",
    tags=("agents", "tracing", "retries", "replay"),
)
