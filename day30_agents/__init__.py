"""Day 30: an agent loop — the model chooses tools, the backend runs them, until an answer."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=30,
    title="An agent loop",
    learn=(
        Bullet(
            "Function calling: the model is offered tools as JSON schemas and answers with tool "
            "calls; the backend runs them and sends each result back as a `tool` message, step "
            "after step, until the model answers in text",
            code=("shared/agent.py:run_agent", "shared/agent.py:openai_chat"),
            tests=(
                "tests/test_agent_loop.py::test_a_task_runs_search_then_price_then_total_then_answers",
                "tests/test_agent_loop.py::test_every_call_offers_the_allowed_tools_as_json_schemas",
            ),
        ),
        Bullet(
            "Tools as typed Python functions: the JSON Schema generated from the signature and "
            "docstring (a Pydantic model from `create_model`), and the same model validating the "
            "arguments",
            code=("shared/agent.py:Tool.from_function", "bookshop.py:bookshop_tools"),
            tests=(
                "tests/test_tools.py::test_the_schema_comes_from_hints_defaults_and_docstring",
                "tests/test_tools.py::test_the_same_model_validates_the_arguments",
                "tests/test_tools.py::test_get_tools_shows_the_generated_schemas",
            ),
        ),
        Bullet(
            "Bad arguments are a result, not a crash: arguments that are not JSON or do not fit "
            "the schema go back to the model as a tool error it can read and correct",
            code=("shared/agent.py:Toolbox.run",),
            tests=(
                "tests/test_bad_arguments.py::test_arguments_outside_the_schema_go_back_as_a_tool_error",
                "tests/test_bad_arguments.py::"
                "test_arguments_that_are_not_json_are_reported_and_the_model_tries_again",
            ),
        ),
        Bullet(
            "A step limit: a run that has not answered after `max_steps` model calls stops and "
            "says so, and the calls still asked for are not run",
            code=("shared/agent.py:run_agent",),
            tests=("tests/test_step_limit.py::test_the_run_stops_at_the_limit_and_says_so",),
        ),
        Bullet(
            "An allow-list per request, enforced by the loop and not by trusting the model: a "
            "prompt injection inside a tool result cannot run a tool the request did not allow",
            code=("shared/agent.py:Toolbox.run", "bookshop.py:Shelf.sample"),
            tests=(
                "tests/test_allow_list.py::test_an_injected_call_outside_the_allow_list_is_refused",
                "tests/test_allow_list.py::"
                "test_refused_even_when_the_toolbox_has_it_and_the_model_insists",
                "tests/test_allow_list.py::"
                "test_a_request_allows_fewer_tools_and_only_those_are_offered",
            ),
        ),
        Bullet(
            "A task-automation API: `POST /tasks/run` plans, looks up, computes and answers, and "
            "returns every step; a prompt over the token budget is refused with 413 before it is "
            "sent",
            code=("tasks.py:run_task", "tasks.py:TaskIn", "app.py:create_app"),
            tests=(
                "tests/test_agent_loop.py::test_a_run_is_kept_and_read_back_by_id",
                "tests/test_bad_input.py::"
                "test_a_prompt_over_the_token_budget_is_refused_before_it_is_sent",
                "tests/test_live.py::test_a_task_over_a_socket",
            ),
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
