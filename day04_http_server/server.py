"""One asyncio task per connection: read a head, read its body, answer, repeat until close.

Every wait has a limit — bytes for the head, bytes for the body, seconds for each phase — because
a server that waits without one can be held open by anybody with a socket. A connection that
misbehaves gets its error response and is closed; the other connections never notice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import formatdate
from http import HTTPStatus

from day04_http_server.deadline import Deadline
from day04_http_server.messages import Handler, HTTPError, Request, Response, problem
from day04_http_server.parsing import body_length, parse_head, wants_keep_alive

log = logging.getLogger(__name__)

REASONS = {status.value: status.phrase for status in HTTPStatus}
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class ClientGone(Exception):
    """The peer closed, or stopped reading, in the middle of an exchange: nobody is left to answer."""


class HTTPServer:
    """An HTTP/1.1 server on ``asyncio.start_server`` that calls ``handler(request)`` per request.

    The limits are constructor parameters so tests can make them tiny and fast.
    """

    def __init__(
        self,
        handler: Handler,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        max_header_bytes: int = 16 * 1024,
        max_headers: int = 100,
        max_body_bytes: int = 1024 * 1024,
        keep_alive_timeout: float = 5.0,
        header_timeout: float = 10.0,
        body_timeout: float = 30.0,
        write_timeout: float = 10.0,
        linger_timeout: float = 1.0,
    ) -> None:
        self.handler = handler
        self.host, self.port = host, port
        self.max_header_bytes = max_header_bytes
        self.max_headers = max_headers
        self.max_body_bytes = max_body_bytes
        self.keep_alive_timeout = keep_alive_timeout
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self.write_timeout = write_timeout
        self.linger_timeout = linger_timeout
        self._server: asyncio.Server | None = None
        self._connections: dict[asyncio.Task[None], asyncio.WriteTransport] = {}

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> HTTPServer:
        self._server = await asyncio.start_server(self._connection, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def open_connections(self) -> int:
        return len(self._connections)

    async def serve_forever(self) -> None:
        assert self._server is not None, "call start() first"
        await self._server.serve_forever()

    async def close(self) -> None:
        """Stop listening and end every open connection (Python 3.11's wait_closed does not).

        Aborting the sockets, rather than cancelling the tasks, lets each connection task see
        end-of-stream and finish on its own; Python 3.11's start_server would log a cancelled
        connection task as an unhandled error.
        """
        if self._server is not None:
            self._server.close()
        for transport in self._connections.values():
            transport.abort()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> HTTPServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- one connection -----------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        transport = writer.transport
        self._connections[task] = transport
        deadline = Deadline(reader)
        rest = b""  # bytes already received that belong to the next request (pipelining)
        try:
            while True:
                try:
                    got = await self._read_head(reader, deadline, rest)
                    if got is None:
                        return  # the client closed, or stayed idle too long, between requests
                    head, rest = got
                    request = parse_head(head, self.max_headers)
                    length = body_length(request, self.max_body_bytes)
                    if length:
                        request.body, rest = await self._read_body(
                            reader, deadline, transport, request, rest, length
                        )
                except HTTPError as error:
                    # After a framing error we cannot tell where the next request would start,
                    # so we answer once and close (RFC 9112 §9.6 lets a server close anytime).
                    transport.write(encode(problem(error.status, error.detail), keep_alive=False))
                    await self._linger(reader, transport)
                    return
                deadline.clear()  # the request is in; a slow handler or drain is not a slow client
                keep_alive = wants_keep_alive(request)
                # One write per response: head and body in one buffer, usually one send() call.
                transport.write(self._respond(request, keep_alive))
                if transport.get_write_buffer_size():  # the client is not keeping up: wait
                    await self._drain(writer)
                if not keep_alive:
                    return
        except (ClientGone, ConnectionError):
            transport.abort()  # drop whatever is still buffered for a peer that is gone
        finally:
            deadline.cancel()
            transport.close()
            del self._connections[task]

    async def _read_head(
        self, reader: asyncio.StreamReader, deadline: Deadline, buf: bytes
    ) -> tuple[bytes, bytes] | None:
        """Read until the blank line that ends the head; return (head, bytes after it).

        None means "close quietly": the client closed, or sent nothing before the keep-alive
        timeout. A client that started a request but does not finish its head in time gets 408.
        """
        # region: head-deadline
        # One deadline for the whole head, not one per read: a slowloris client sending one
        # byte a second would reset a per-read timer forever.
        deadline.expire_in(self.header_timeout if buf else self.keep_alive_timeout)
        # endregion
        while True:
            if buf.startswith((b"\r", b"\n")):  # RFC 9112 §2.2: ignore empty lines before a request
                buf = buf.lstrip(b"\r\n")
            end = buf.find(b"\r\n\r\n")
            if end > self.max_header_bytes or (end < 0 and len(buf) > self.max_header_bytes):
                raise self._too_large(buf)
            if end >= 0:
                return buf[:end], buf[end + 4 :]
            try:
                chunk = await reader.read(65536)
            except TimeoutError:
                if buf:
                    raise HTTPError(408, "request head not received in time") from None
                return None
            if not chunk:  # end of stream
                if buf:
                    raise ClientGone
                return None
            if not buf:  # the first byte of a request starts the head's clock
                deadline.expire_in(self.header_timeout)
            buf += chunk

    def _too_large(self, buf: bytes) -> HTTPError:
        if buf.find(b"\r\n", 0, self.max_header_bytes) < 0:
            return HTTPError(414, f"request line longer than {self.max_header_bytes} bytes")
        return HTTPError(431, f"request head larger than {self.max_header_bytes} bytes")

    async def _read_body(
        self,
        reader: asyncio.StreamReader,
        deadline: Deadline,
        transport: asyncio.WriteTransport,
        request: Request,
        rest: bytes,
        length: int,
    ) -> tuple[bytes, bytes]:
        """Exactly ``length`` bytes of body, within ``body_timeout``; return (body, rest)."""
        if len(rest) >= length:  # the usual case: the body came in the same packet as the head
            return rest[:length], rest[length:]
        if request.version == "1.1" and request.headers.get("expect", "").lower() == "100-continue":
            # The client waits for our go-ahead before sending a large body (RFC 9110 §10.1.1);
            # it has already passed the size check, so say yes.
            transport.write(CONTINUE)
        chunks, received = [rest], len(rest)
        deadline.expire_in(self.body_timeout)
        try:
            while received < length:
                chunk = await reader.read(length - received)  # never past this body
                if not chunk:
                    raise ClientGone
                chunks.append(chunk)
                received += len(chunk)
        except TimeoutError:
            raise HTTPError(408, "request body not received in time") from None
        return b"".join(chunks), b""

    async def _drain(self, writer: asyncio.StreamWriter) -> None:
        # A client that sends requests but never reads answers would grow our buffer forever.
        try:
            async with asyncio.timeout(self.write_timeout):
                await writer.drain()
        except TimeoutError:
            raise ClientGone from None

    async def _linger(
        self, reader: asyncio.StreamReader, transport: asyncio.WriteTransport
    ) -> None:
        """Half-close, then discard what the client is still sending, for a short while.

        Closing a socket with unread input makes the kernel send RST, and a client that is
        still uploading would then lose our 413 before reading it.
        """
        if transport.can_write_eof():
            transport.write_eof()
        try:
            async with asyncio.timeout(self.linger_timeout):
                while await reader.read(65536):
                    pass
        except (TimeoutError, ConnectionError):
            pass

    def _respond(self, request: Request, keep_alive: bool) -> bytes:
        """The handler's response as bytes; a handler that fails costs a 500, not the server."""
        options = {
            "keep_alive": keep_alive,
            "http10": request.version == "1.0",
            "head_only": request.method == "HEAD",
        }
        try:
            return encode(self.handler(request), **options)
        except Exception:
            log.exception("handler failed for %s %s", request.method, request.path)
            return encode(problem(500, "the handler failed; the server log has details"), **options)


def encode(
    response: Response, *, keep_alive: bool, http10: bool = False, head_only: bool = False
) -> bytes:
    """The response as bytes on the wire: status line, fields, blank line, body (RFC 9112 §4)."""
    body = response.body
    lines = [
        f"HTTP/1.1 {response.status} {REASONS.get(response.status, '')}\r\n"
        f"Content-Length: {len(body)}\r\nDate: {http_date()}\r\nServer: day04\r\n"
    ]
    for name, value in response.headers:
        # A CR or LF in a value would let whoever controls it write their own headers.
        if "\n" in value or "\r" in value or "\n" in name or "\r" in name:
            raise ValueError(f"line break in response header {name!r}")
        lines.append(f"{name}: {value}\r\n")
    if not keep_alive:
        lines.append("Connection: close\r\n")
    elif http10:
        lines.append("Connection: keep-alive\r\n")  # a 1.0 client must hear that we agree
    lines.append("\r\n")
    head = "".join(lines).encode("latin-1")
    return head if head_only else head + body


_date = (0, "")


def http_date() -> str:
    """The Date header (RFC 9110 §6.6.1), formatted once per second rather than per request."""
    global _date
    now = int(time.time())
    if _date[0] != now:
        _date = (now, formatdate(now, usegmt=True))
    return _date[1]
