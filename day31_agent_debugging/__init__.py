"""Day 31: debugging agents — traces, caught failures, loops, retries and replayed runs."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=31,
    title="Debugging agents",
    learn=(
        Bullet(
            "A trace of every step — the prompt sent, the tool call and its arguments, the result, "
            "the tokens from usage, the time taken — as JSON with OpenTelemetry GenAI attribute "
            "names (`GET /runs/{id}/trace`)",
            code=("trace.py:Trace", "runs.py:traced_run"),
            tests=(
                "tests/test_trace.py::test_every_step_is_a_span_with_its_request_response_and_usage",
                "tests/test_live.py::test_a_run_its_trace_and_its_timeline_over_a_socket",
            ),
        ),
        Bullet(
            "A readable timeline of a run, as text or HTML (`GET /runs/{id}/timeline`), with what "
            "tools returned escaped, since it is untrusted text",
            code=("timeline.py:as_text", "timeline.py:as_html"),
            tests=(
                "tests/test_timeline.py::test_a_text_timeline_has_a_line_per_span",
                "tests/test_timeline.py::test_html_on_request_with_untrusted_text_escaped",
            ),
        ),
        Bullet(
            "Malformed tool-call JSON, unknown tools, tool exceptions and tool timeouts "
            "(`asyncio.timeout` per tool): each caught, fed back to the model, and visible in "
            "the trace",
            code=("shared/agent.py:Toolbox.run", "support.py:support_tools"),
            tests=(
                "tests/test_failures.py::test_malformed_tool_call_json",
                "tests/test_failures.py::test_a_tool_that_raises",
                "tests/test_failures.py::test_a_tool_that_hangs_is_timed_out",
            ),
        ),
        Bullet(
            "Loops: the same call with the same arguments is detected before it runs again, and "
            "the run stops and says which step it repeats",
            code=("loops.py:RepeatGuard", "loops.py:fingerprint"),
            tests=(
                "tests/test_loops.py::test_the_same_call_again_stops_the_run",
                "tests/test_loops.py::test_a_repeat_is_the_same_name_and_arguments_in_any_key_order",
            ),
        ),
        Bullet(
            "Model timeouts and 5xx: retried with exponential backoff, every attempt in the trace, "
            "then a 504 or 502 problem+json that names the run to inspect",
            code=("retries.py:traced_chat", "retries.py:Backoff"),
            tests=(
                "tests/test_retries.py::test_two_5xx_then_an_answer",
                "tests/test_retries.py::test_5xx_every_time_is_a_502_with_the_run_to_inspect",
                "tests/test_retries.py::test_a_stalled_model_is_a_504_after_its_retries",
            ),
        ),
        Bullet(
            "Replaying a recorded run as a regression test: a replay model serves the recorded "
            "responses in order and reports the first request that differs",
            code=(
                "replay.py:ReplayModel",
                "replay.py:replay",
                "tests/recorded/where_is_my_order.json",
            ),
            tests=(
                "tests/test_replay.py::test_the_committed_recording_replays_exactly",
                "tests/test_replay.py::test_a_tool_that_now_answers_differently_is_caught_at_its_step",
            ),
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
