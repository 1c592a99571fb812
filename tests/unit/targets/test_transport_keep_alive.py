"""A pooled connection the server closed is retried once on a fresh one; nothing else is.

The server here is a real socket server on loopback. It answers the first request of
each connection with keep-alive (no ``Connection: close``), then treats the next request
on that connection as uvicorn's closed socket does: it closes without a byte of answer.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import pytest

from harness.errors import TargetUnreachable
from harness.targets.transport import UrlTransport

OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


@dataclass
class Seen:
    """What the server received: (connection number, request number on it) per request."""

    requests: list[tuple[int, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _read_request(conn: socket.socket) -> bool:
    """Read one request (headers and a Content-Length body); False if the peer closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return False
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        rest += conn.recv(65536)
    return True


Answer = Callable[[socket.socket, int], bool]


@contextmanager
def raw_server(answer: Answer) -> Iterator[tuple[str, Seen]]:
    """Serve on loopback; ``answer(conn, n)`` answers the n-th request of a connection
    and says whether to keep the connection."""
    seen = Seen()
    listener = socket.create_server(("127.0.0.1", 0))
    stopping = threading.Event()

    def handle(conn: socket.socket, number: int) -> None:
        with conn:
            index = 0
            while _read_request(conn):
                index += 1
                with seen.lock:
                    seen.requests.append((number, index))
                if not answer(conn, index):
                    return

    def accept() -> None:
        number = 0
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            number += 1
            threading.Thread(target=handle, args=(conn, number), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    finally:
        stopping.set()
        # close() alone leaves accept() blocked on Linux; shutdown() wakes it.
        with suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(timeout=5)


def _first_only(conn: socket.socket, index: int) -> bool:
    """Answer the first request of a connection; close on the second, answering nothing."""
    if index == 1:
        conn.sendall(OK)
        return True
    return False


def _reset_on_second(conn: socket.socket, index: int) -> bool:
    """As ``_first_only``, but the close is a reset (RST), as a crashed process gives."""
    if index == 1:
        conn.sendall(OK)
        return True
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    return False


@pytest.mark.parametrize("answer", [_first_only, _reset_on_second], ids=["close", "reset"])
def test_a_dead_kept_alive_connection_is_retried_once_on_a_fresh_one(answer: Answer) -> None:
    with raw_server(answer) as (url, seen):
        transport = UrlTransport(url, timeout_s=5)
        try:
            first = transport.request("POST", "/_harness/control", body=b"{}")
            # Without the retry this one failed "the connection was closed without an
            # answer", and the check it belonged to was charged with the previous crash.
            second = transport.request("POST", "/_harness/control", body=b"{}")
        finally:
            transport.close()
    assert (first.status, second.status) == (200, 200)
    # Sent on the kept-alive connection 1 (closed unanswered), then once on connection 2.
    assert seen.requests == [(1, 1), (1, 2), (2, 1)]


def test_a_fresh_connection_closed_unanswered_is_not_retried() -> None:
    # A target that crashes on a request is the finding: it must not be sent twice.
    with raw_server(lambda conn, index: False) as (url, seen):
        transport = UrlTransport(url, timeout_s=5)
        try:
            with pytest.raises(TargetUnreachable, match="closed without an answer"):
                transport.request("POST", "/webhook", body=b"{}")
        finally:
            transport.close()
    assert seen.requests == [(1, 1)]


def test_an_answer_cut_after_it_began_is_not_retried() -> None:
    def cut(conn: socket.socket, index: int) -> bool:
        if index == 1:
            conn.sendall(OK)
            return True
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{")
        return False

    with raw_server(cut) as (url, seen):
        transport = UrlTransport(url, timeout_s=5)
        try:
            transport.request("POST", "/webhook", body=b"{}")
            with pytest.raises(TargetUnreachable):
                transport.request("POST", "/webhook", body=b"{}")
        finally:
            transport.close()
    assert seen.requests == [(1, 1), (1, 2)]


def test_a_second_dead_connection_is_not_retried_again() -> None:
    # Every connection dies after its first answer, so the retry finds a fresh one that
    # answers; a server that closes fresh connections unanswered too fails after one retry.
    answers = iter([True])

    def once(conn: socket.socket, index: int) -> bool:
        if index == 1 and next(answers, False):
            conn.sendall(OK)
            return True
        return False

    with raw_server(once) as (url, seen):
        transport = UrlTransport(url, timeout_s=5)
        try:
            transport.request("GET", "/", body=b"")
            with pytest.raises(TargetUnreachable, match="closed without an answer"):
                transport.request("GET", "/", body=b"")
        finally:
            transport.close()
    assert seen.requests == [(1, 1), (1, 2), (2, 1)]
