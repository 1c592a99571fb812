"""A lean HTTP/1.1 client for the swarm: prebuilt request bytes out, status and length back.

A load generator must spend far less CPU per request than the server it measures, or on a
busy machine it measures itself. Locust's ``FastHttpUser`` (geventhttpclient) parses
every header of every answer, builds a response object and wraps each request in
several timeouts and context managers. Against a target that closes each connection
(werkzeug's development server does), the swarm spent about 170 µs of CPU per request
with it and spends about 110 µs with this client; wrk spends about 35 µs. A webhook
delivery needs none of it: Meta posts fixed bytes and reads the status. This client writes the bytes
of a request built once, reads the status line, the headers that frame the body
(``Content-Length``, chunked, ``Connection``) and the body, and keeps the connection
when the server does. It runs on gevent's hub.
"""

from __future__ import annotations

import _socket
import errno
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from gevent import Timeout
from gevent.hub import get_hub

HEAD_END = b"\r\n\r\n"
CHUNK = 65536
# libev's event masks of an io watcher.
READ, WRITE = 1, 2


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back: ``status`` 0 when nothing did (then ``error`` says why)."""

    status: int
    length: int = 0
    error: BaseException | None = None


class ProtocolError(OSError):
    """The server's bytes are not an HTTP/1.x answer."""


def request_bytes(
    method: str, path: str, host: str, headers: Mapping[str, str], body: bytes
) -> bytes:
    """One HTTP/1.1 request with ``body``, exactly as it goes on the wire."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Wire:
    """Connections to one ``http://host:port``, kept while the server keeps them."""

    def __init__(self, base_url: str, *, timeout_s: float) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"the swarm posts over plain http only, not {base_url!r}")
        self.host_header = parts.netloc
        # Resolved once: a lookup per connection would cost more than the connection.
        family, kind, proto, _, address = socket.getaddrinfo(
            parts.hostname, parts.port or 80, type=socket.SOCK_STREAM
        )[0]
        self._socket_args = (family, kind, proto)
        self._address = address
        self._timeout_s = timeout_s
        self._idle: list[_Connection] = []

    def post(self, request: bytes) -> Answer:
        """Send ``request`` and read its answer within the timeout; a kept connection the
        server had closed meanwhile is retried on a new one (nothing of it was answered)."""
        # One timer for the whole exchange, rather than one per socket operation.
        with Timeout(self._timeout_s, TimeoutError("timed out")):
            while self._idle:
                answer, stale = self._exchange(self._idle.pop(), request)
                if not stale:
                    return answer
            try:
                connection = _Connection(self._socket_args, self._address)
            except OSError as exc:
                return Answer(0, 0, exc)
            return self._exchange(connection, request)[0]

    def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    def _exchange(self, connection: _Connection, request: bytes) -> tuple[Answer, bool]:
        """The answer, and whether the connection turned out closed before any byte came."""
        connection.received = 0  # bytes of this exchange's answer
        try:
            connection.send(request)
            status, length, keep = _read_answer(connection)
        except (OSError, ValueError) as exc:
            # A timeout arrives here too: the exchange's timer raises TimeoutError.
            connection.close()
            stale = connection.received == 0 and not isinstance(exc, TimeoutError)
            return Answer(0, 0, exc), stale
        if keep:
            self._idle.append(connection)
        else:
            connection.close()
        return Answer(status, length), False


class _Connection:
    """One non-blocking socket, waited on through gevent's hub; buffered reads.

    gevent's own socket objects cost about 1.4 times as much CPU per request (a wrapper,
    two watchers and a timer per operation, a deferred close), and against a server that
    closes each connection the swarm opens one per request.
    """

    def __init__(self, socket_args: tuple[int, int, int], address: Any) -> None:
        self._hub = get_hub()
        self._socket = _socket.socket(*socket_args)
        self._socket.setblocking(False)
        self._readable = self._hub.loop.io(self._socket.fileno(), READ)
        # Made only when a send or the connect has to wait, which on loopback is rare.
        self._writable: Any = None
        self._buffer = b""
        self.received = 0
        try:
            error = self._socket.connect_ex(address)
            if error == errno.EINPROGRESS:
                self._wait_writable()
                error = self._socket.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, os.strerror(error))
        except BaseException:
            self.close()
            raise

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                view = view[self._socket.send(view) :]
            except BlockingIOError:
                self._wait_writable()

    def _wait_writable(self) -> None:
        if self._writable is None:
            self._writable = self._hub.loop.io(self._socket.fileno(), WRITE)
        self._hub.wait(self._writable)

    def close(self) -> None:
        # Watchers first: the loop must not watch a descriptor that is closed and reused.
        self._readable.close()
        if self._writable is not None:
            self._writable.close()
        self._socket.close()

    def _more(self) -> bytes:
        while True:
            try:
                data: bytes = self._socket.recv(CHUNK)
            except BlockingIOError:
                self._hub.wait(self._readable)
                continue
            self.received += len(data)
            return data

    def _more_or_fail(self) -> bytes:
        data = self._more()
        if not data:
            raise ProtocolError("the server closed the connection before answering in full")
        return data

    def until(self, marker: bytes) -> bytes:
        """Everything up to ``marker`` (consumed, not returned)."""
        while (end := self._buffer.find(marker)) < 0:
            self._buffer += self._more_or_fail()
        found, self._buffer = self._buffer[:end], self._buffer[end + len(marker) :]
        return found

    def exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._buffer += self._more_or_fail()
        found, self._buffer = self._buffer[:size], self._buffer[size:]
        return found

    def rest(self) -> bytes:
        """Everything until the server closes the connection."""
        chunks = [self._buffer]
        while data := self._more():
            chunks.append(data)
        self._buffer = b""
        return b"".join(chunks)


def _read_answer(reader: _Connection) -> tuple[int, int, bool]:
    """Status, body length and whether the connection stays open after this answer."""
    while True:
        head = reader.until(HEAD_END)
        status_line, _, fields = head.partition(b"\r\n")
        version, _, rest = status_line.partition(b" ")
        if not version.startswith(b"HTTP/1.") or not rest[:3].isdigit():
            raise ProtocolError(f"not an HTTP answer: {status_line[:60]!r}")
        status = int(rest[:3])
        if status >= 200 or status == 101:
            break  # 100 Continue and other interim answers precede the real one
    headers = _framing_headers(fields)
    keep = version != b"HTTP/1.0"
    connection = headers.get(b"connection", b"")
    if b"close" in connection:
        keep = False
    elif b"keep-alive" in connection:
        keep = True
    if status in (204, 304) or 100 <= status < 200:
        return status, 0, keep
    if b"chunked" in headers.get(b"transfer-encoding", b""):
        return status, _read_chunked(reader), keep
    length = headers.get(b"content-length")
    if length is not None:
        return status, len(reader.exactly(int(length))), keep
    return status, len(reader.rest()), False


def _framing_headers(fields: bytes) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for line in fields.split(b"\r\n"):
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key in (b"content-length", b"transfer-encoding", b"connection"):
            found[key] = value.strip().lower()
    return found


def _read_chunked(reader: _Connection) -> int:
    total = 0
    while True:
        size = int(reader.until(b"\r\n").split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            # Trailers, if any, end with an empty line.
            while reader.until(b"\r\n"):
                pass
            return total
        total += len(reader.exactly(size))
        reader.exactly(2)
