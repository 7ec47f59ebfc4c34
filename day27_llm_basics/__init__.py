"""Day 27: what an LLM is, seen from the backend — tokens, windows, sampling, roles, cost, streams."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=27,
    title="LLM basics",
    learn=(
        Bullet(
            "Tokens: what a model reads and bills — estimated before a call by a stated rule "
            "(about 4 characters per token), reported exactly by the API's `usage` field after "
            "it, and where they come from, shown by a toy byte-pair encoder",
            code=("tokens.py:estimate", "tokens.py:estimate_messages", "tokens.py:ToyBPE"),
            tests=(
                "tests/test_tokens.py::test_the_estimate_is_a_token_per_four_characters",
                "tests/test_tokens.py::test_usage_is_the_exact_count_and_the_estimate_says_it_is_one",
                "tests/test_tokens.py::test_bpe_learns_frequent_pairs_and_encodes_any_text",
            ),
        ),
        Bullet(
            "The context window: prompt and reply share one budget of tokens, so a prompt that "
            "cannot fit is refused with 413 before anything is sent",
            code=("context_window.py:check_fits", "context_window.py:LIMITS"),
            tests=(
                "tests/test_context_window.py::"
                "test_a_prompt_over_the_window_is_refused_with_413_and_never_sent",
                "tests/test_context_window.py::test_the_reply_budget_counts_against_the_window_too",
            ),
        ),
        Bullet(
            "Temperature and top-p: how sampling turns a model's scores into one next token, and "
            "why the offline model answers the same whatever you set",
            code=("sampling.py:probabilities", "sampling.py:nucleus", "sampling.py:sample"),
            tests=(
                "tests/test_sampling.py::test_higher_temperature_flattens_the_odds",
                "tests/test_sampling.py::test_top_p_keeps_only_the_likely_head",
                "tests/test_sampling.py::test_the_offline_model_answers_the_same_at_any_temperature",
            ),
        ),
        Bullet(
            "System, user and assistant messages: the list a chat model reads, and why it "
            "remembers only what you send it again",
            code=("roles.py:build_messages", "roles.py:Turn"),
            tests=(
                "tests/test_roles.py::test_messages_are_system_then_the_conversation_then_the_new_one",
                "tests/test_roles.py::test_the_model_remembers_only_what_you_send_again",
                "tests/test_roles.py::test_a_client_cannot_slip_in_a_system_message",
            ),
        ),
        Bullet(
            "Cost by token: each call's usage priced from a small, dated table of "
            "per-million-token prices",
            code=("pricing.py:PRICES", "pricing.py:cost_of", "chat.py:priced"),
            tests=(
                "tests/test_pricing.py::test_cost_is_tokens_times_the_price_per_million",
                "tests/test_pricing.py::test_each_chat_is_priced_from_its_own_usage",
                "tests/test_pricing.py::test_prices_are_dated_examples",
            ),
        ),
        Bullet(
            "Calling a chat model through the OpenAI SDK: the same code against the offline "
            "model, OpenAI, or a local Ollama",
            code=("chat.py:chat", "shared/llm.py:open_llm"),
            tests=(
                "tests/test_chat.py::test_a_chat_call_goes_through_the_sdk_over_http",
                "tests/test_chat.py::test_the_same_code_talks_to_a_configured_server",
            ),
        ),
        Bullet(
            "Streaming: `stream=True` with `include_usage`, read chunk by chunk and passed "
            "through to the client as Server-Sent Events",
            code=("streaming.py:open_stream", "streaming.py:passthrough"),
            tests=(
                "tests/test_streaming.py::test_the_sdk_streams_deltas_and_then_the_usage",
                "tests/test_streaming.py::test_the_endpoint_passes_the_chunks_through_as_sse",
                "tests/test_streaming.py::test_a_client_that_stops_reading_closes_the_model_stream",
            ),
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
