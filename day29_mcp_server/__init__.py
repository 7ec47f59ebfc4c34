"""Day 29: the Model Context Protocol — one library service behind REST routes and an MCP server."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=29,
    title="An MCP server",
    learn=(
        Bullet(
            "What MCP is: JSON-RPC 2.0 messages between a host's client and a server — initialize "
            "negotiates the protocol version and each side's capabilities, then tools/list and "
            "tools/call — captured line by line from a real stdio exchange",
            code=(),
            tests=(),
        ),
        Bullet(
            "Tools as typed Python functions: MCPServer turns the signature, the docstring and "
            "Annotated Field limits into the tool's input JSON Schema, and the return type into its "
            "output schema and structured result",
            code=(),
            tests=(),
        ),
        Bullet(
            "Resources (a static URI, catalogue://stats, and a URI template, notes://{note_id}) and "
            "prompts (summarise_note) that a host reads or offers to its user",
            code=(),
            tests=(),
        ),
        Bullet(
            "Two transports, one server: stdio, launched by a host such as Claude Desktop, and "
            "streamable HTTP mounted at /mcp beside the REST routes, with the session manager run "
            "in the FastAPI lifespan and Host/Origin checks against DNS rebinding",
            code=(),
            tests=(),
        ),
        Bullet(
            "A client with the SDK: ClientSession over stdio_client and over "
            "streamable_http_client — initialise, list tools, resources and prompts, call them",
            code=(),
            tests=(),
        ),
        Bullet(
            "Errors the MCP way: bad tool arguments and unknown tools come back as a result with "
            "isError for the model to read; an unknown resource, prompt or method, or params that "
            "are not the right shape, is a JSON-RPC error",
            code=(),
            tests=(),
        ),
        Bullet(
            "The same domain service behind both doors: a note added by an MCP tool is read by a "
            "REST route, and one domain error is a 404 problem+json in REST and an isError result "
            "in MCP",
            code=(),
            tests=(),
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
