"""A raw-socket HTTP/1.1 client for the tests: bytes we choose go out, framed replies come back."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

DEADLINE = 3.0  # no single wait in these tests may take longer than this


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


class Conn:
    """One TCP connection to a server: send raw bytes, read one framed response at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def reply(self, *, to_head: bool = False) -> Reply:
        """Read one response; ``to_head``: it answers a HEAD, so no body follows its fields."""
        async with asyncio.timeout(DEADLINE):
            head = await self.reader.readuntil(b"\r\n\r\n")
            status_line, *lines = head[:-4].decode("latin-1").split("\r\n")
            headers = {}
            for line in lines:
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            length = 0 if to_head else int(headers.get("content-length", 0))
            body = await self.reader.readexactly(length)
        return Reply(int(status_line.split()[1]), headers, body)

    async def ask(self, data: bytes, *, to_head: bool = False) -> Reply:
        await self.send(data)
        return await self.reply(to_head=to_head)

    async def closed_by_server(self) -> bool:
        """True once the server has closed its side (EOF or reset) within the deadline."""
        try:
            async with asyncio.timeout(DEADLINE):
                return await self.reader.read(1) == b""
        except ConnectionError:
            return True

    def abort(self) -> None:
        self.writer.transport.abort()

    def close(self) -> None:
        self.writer.close()


def get(path: str, *extra: str) -> bytes:
    """A minimal HTTP/1.1 GET, as bytes on the wire."""
    lines = [f"GET {path} HTTP/1.1", "Host: test", *extra, "", ""]
    return "\r\n".join(lines).encode()
