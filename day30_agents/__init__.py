"""Day 30: an agent loop — the model chooses tools, the backend runs them, until an answer."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=30,
    title="An agent loop",
    learn=(
        Bullet(
            "Function calling: the model is offered tools as JSON schemas and answers with tool "
            "calls; the backend runs them and sends each result back as a tool message, step "
            "after step, until the model answers in text",
            code=(),
            tests=(),
        ),
        Bullet(
            "Tools as typed Python functions: the JSON Schema generated from the signature and "
            "docstring (a Pydantic model from create_model), and the same model validating the "
            "arguments",
            code=(),
            tests=(),
        ),
        Bullet(
            "Bad arguments are a result, not a crash: arguments that are not JSON or do not fit the "
            "schema go back to the model as a tool error it can read and correct",
            code=(),
            tests=(),
        ),
        Bullet(
            "A step limit: a run that has not answered after max_steps model calls stops and says "
            "so, and the calls still asked for are not run",
            code=(),
            tests=(),
        ),
        Bullet(
            "An allow-list per request, enforced by the loop and not by trusting the model: a "
            "prompt injection inside a tool result cannot run a tool the request did not allow",
            code=(),
            tests=(),
        ),
        Bullet(
            "A task-automation API: POST /tasks/run plans, looks up, computes and answers, and "
            "returns every step; a prompt over the token budget is refused with 413 before it is "
            "sent",
            code=(),
            tests=(),
        ),
    ),
    needs=("llm",),
    try_these=(
        """curl -s localhost:8030/tasks/run -H 'content-type: application/json' -d '{"task": "What is the total price of 3 copies of the cheapest book by Ursula Le Guin including 8% tax?"}'""",
        "GET /tools",
    ),
    smoke="GET /tools",
    tags=("agents", "function calling", "tools", "prompt injection"),
)
