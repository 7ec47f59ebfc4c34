"""Day 28: an LLM-backed API — templates, validated output, SSE, memory, retries, budgets."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=28,
    title="An LLM-backed API",
    learn=(
        Bullet(
            "Prompt templates kept in files and filled by typed functions: instructions in the "
            "system message, the user's text only inside delimiters it cannot close",
            code=(
                "prompts.py:render",
                "prompts.py:delimit",
                "prompts.py:triage_messages",
                "prompts/",
            ),
            tests=(
                "tests/test_prompts.py::test_templates_are_files_and_every_placeholder_must_be_filled",
                "tests/test_prompts.py::test_user_text_goes_only_in_the_user_message_inside_delimiters",
                "tests/test_prompts.py::test_user_text_cannot_close_its_block",
            ),
        ),
        Bullet(
            "Structured output: a JSON schema from a Pydantic model, the answer validated by the "
            "same model, retried once with the error fed back, else a 502 problem",
            code=("structured.py:Triage", "structured.py:triage"),
            tests=(
                "tests/test_structured.py::test_the_schema_and_the_validator_are_one_model",
                "tests/test_structured.py::"
                "test_an_invalid_answer_is_retried_once_with_the_error_fed_back",
                "tests/test_structured.py::test_a_second_invalid_answer_is_a_502_problem",
            ),
        ),
        Bullet(
            "Streaming to the client as Server-Sent Events: `token` events, a final `done` event "
            "with the usage, and a client that hangs up stops the model's stream",
            code=("streaming.py:relay", "app.py:create_app"),
            tests=(
                "tests/test_streaming.py::test_token_events_then_a_done_event_with_the_usage",
                "tests/test_streaming.py::"
                "test_the_relay_closes_the_model_stream_when_the_client_stops_reading",
                "tests/test_live.py::test_a_client_that_hangs_up_stops_the_models_stream",
            ),
        ),
        Bullet(
            "Conversation memory per session in Redis: the last turns only, written once an "
            "answer is complete, trimmed to a token budget before each call",
            code=("memory.py:Memory", "budget.py:plan"),
            tests=(
                "tests/test_memory.py::test_a_session_remembers_what_was_said",
                "tests/test_memory.py::test_only_the_newest_turns_are_kept",
                "tests/test_budget.py::test_old_turns_are_left_out_to_fit_and_kept_in_memory",
            ),
        ),
        Bullet(
            "Timeouts and retries from the settings (`LLM_TIMEOUT_S`, `LLM_MAX_RETRIES`): a slow "
            "or failing model is retried with backoff, then answered 504 or 502",
            code=("retries.py:complete", "retries.py:open_stream", "retries.py:RetryPolicy"),
            tests=(
                "tests/test_retries.py::test_a_5xx_is_retried_and_the_retry_answers",
                "tests/test_retries.py::test_5xx_past_the_retries_is_a_502_and_nothing_is_stored",
                "tests/test_retries.py::test_a_stalled_model_times_out_into_a_504",
            ),
        ),
        Bullet(
            "A token budget per request: the reply capped by `max_tokens`, and a prompt over "
            "budget refused with 413 before the model is called",
            code=("budget.py",),
            tests=(
                "tests/test_budget.py::test_every_call_caps_the_reply",
                "tests/test_budget.py::test_a_prompt_over_budget_is_refused_before_it_is_sent",
            ),
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
