"""The narrated demo: `python -m day29_mcp_server demo wire` prints the JSON-RPC exchange."""

from __future__ import annotations

from day29_mcp_server import demo
from day29_mcp_server.wire import Message


def test_demo_wire_prints_the_json_rpc_exchange(
    wire_transcript: tuple[list[Message | None], str],
) -> None:
    out = wire_transcript[1]  # demo.show_wire, as `demo wire` runs it (conftest.py)
    assert '>> {"jsonrpc":"2.0","id":1,"method":"initialize"' in out
    assert '<< {"jsonrpc":"2.0","id":1,"result":{"capabilities"' in out
    assert '>> {"jsonrpc":"2.0","method":"notifications/initialized"}' in out
    assert '<< {"jsonrpc":"2.0","id":3,"result":{"content"' in out
    assert "Release It!" in out
    assert ">> {this is not json" in out
    assert '<< {"jsonrpc":"2.0","id":5,"error":{"code":-32601' in out


def test_demo_refuses_an_unknown_part(capsys) -> None:  # type: ignore[no-untyped-def]
    assert demo.main(["telepathy"]) == 2
    assert "choose from: wire, stdio, http" in capsys.readouterr().out
