"""Day 29: the Model Context Protocol — one library service behind REST routes and an MCP server."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=29,
    title="An MCP server",
    learn=(
        Bullet(
            "What MCP is: JSON-RPC 2.0 messages between a host's client and a server — "
            "`initialize` negotiates the protocol version and each side's capabilities, then "
            "`tools/list` and `tools/call` — captured line by line from a real stdio exchange",
            code=("wire.py:exchange", "wire.py:CONVERSATION", "client.py:connect"),
            tests=(
                "tests/test_wire.py::test_initialize_then_list_then_call",
                "tests/test_demo.py::test_demo_wire_prints_the_json_rpc_exchange",
            ),
        ),
        Bullet(
            "Tools as typed Python functions: `MCPServer` turns the signature, the docstring and "
            "`Annotated` `Field` limits into the tool's input JSON Schema, and the return type "
            "into its output schema and structured result",
            code=("mcp_server.py:build_server", "catalogue.py", "units.py"),
            tests=(
                "tests/test_schemas.py::test_signature_and_docstring_become_the_input_schema",
                "tests/test_schemas.py::"
                "test_a_literal_becomes_an_enum_and_the_return_type_an_output_schema",
            ),
        ),
        Bullet(
            "Resources (a static URI, `catalogue://stats`, and a URI template, "
            "`notes://{note_id}`) and prompts (`summarise_note`) that a host reads or offers to "
            "its user",
            code=("mcp_server.py:build_server",),
            tests=(
                "tests/test_schemas.py::test_resources_templates_and_prompts_are_listed",
                "tests/test_stdio.py::test_the_sdk_client_lists_and_calls_everything_over_stdio",
            ),
        ),
        Bullet(
            "Two transports, one server: stdio, launched by a host such as Claude Desktop, and "
            "streamable HTTP mounted at `/mcp` beside the REST routes, with the session manager "
            "run in the FastAPI lifespan and Host/Origin checks against DNS rebinding",
            code=("stdio_server.py:main", "app.py:create_app", "app.py:LOCAL_ONLY"),
            tests=(
                "tests/test_http.py::test_the_transport_speaks_json_rpc_over_http_post",
                "tests/test_http.py::test_without_the_lifespan_the_mcp_mount_cannot_answer",
                "tests/test_http.py::test_host_and_origin_are_checked_against_dns_rebinding",
            ),
        ),
        Bullet(
            "A client with the SDK: `ClientSession` over `stdio_client` and over "
            "`streamable_http_client` — initialise, list tools, resources and prompts, call them",
            code=("client.py:stdio_session", "client.py:http_session", "client.py:tour"),
            tests=(
                "tests/test_stdio.py::test_the_sdk_client_lists_and_calls_everything_over_stdio",
                "tests/test_http.py::"
                "test_the_sdk_client_over_streamable_http_shares_the_library_with_rest",
            ),
        ),
        Bullet(
            "Errors the MCP way: bad tool arguments and unknown tools come back as a result with "
            "`isError` for the model to read; an unknown resource, prompt or method, or params "
            "that are not the right shape, is a JSON-RPC error",
            code=("mcp_server.py:domain_errors_as_tool_errors",),
            tests=(
                "tests/test_stdio.py::test_bad_tool_calls_are_results_with_is_error",
                "tests/test_stdio.py::test_bad_resource_and_prompt_requests_are_json_rpc_errors",
                "tests/test_wire.py::test_protocol_errors_are_json_rpc_errors",
            ),
        ),
        Bullet(
            "The same domain service behind both doors: a note added by an MCP tool is read by a "
            "REST route, and one domain error is a 404 problem+json in REST and an `isError` "
            "result in MCP",
            code=("catalogue.py:Library", "app.py:create_app"),
            tests=(
                "tests/test_http.py::"
                "test_the_sdk_client_over_streamable_http_shares_the_library_with_rest",
                "tests/test_schemas.py::test_one_set_of_limits_two_schemas",
            ),
        ),
    ),
    try_these=(
        "GET /books?q=distributed",
        "python -m day29_mcp_server demo",
    ),
    smoke="GET /books?q=distributed",
    has_demo=True,
    tags=("MCP", "JSON-RPC", "tools", "stdio", "streamable HTTP"),
)
