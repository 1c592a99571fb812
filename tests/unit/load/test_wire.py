"""The swarm's HTTP client against real loopback servers that frame answers every way."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from harness.load.wire import Wire, request_bytes

BODY = b'{"object":"whatsapp_business_account","entry":[]}'
OK_KEEP = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
OK_CLOSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"


class Scripted:
    """A loopback server that answers each request with ``answer(n)`` bytes (None: no answer)
    and closes the connection after it when ``close(n)`` says so."""

    def __init__(
        self, answer: Callable[[int], bytes | None], close: Callable[[int], bool] = lambda n: False
    ) -> None:
        self.answer, self.close = answer, close
        self.requests: list[bytes] = []
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            buffer = b""
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = connection.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                while len(buffer) < length:
                    buffer += connection.recv(65536)
                self.requests.append(head + b"\r\n\r\n" + buffer[:length])
                buffer = buffer[length:]
                n = len(self.requests)
                reply = self.answer(n)
                if reply is None:
                    time.sleep(5)
                    return
                connection.sendall(reply)
                if self.close(n):
                    return

    def stop(self) -> None:
        self._listener.close()


@pytest.fixture
def scripted() -> Iterator[Callable[..., Scripted]]:
    servers: list[Scripted] = []

    def start(*args, **kwargs) -> Scripted:
        servers.append(Scripted(*args, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def post_all(wire: Wire, times: int) -> list[tuple[int, int]]:
    request = request_bytes("POST", "/webhook", wire.host_header, {"X-A": "1"}, BODY)
    return [(a.status, a.length) for a in (wire.post(request) for _ in range(times))]


def test_the_request_goes_out_byte_for_byte():
    request = request_bytes("POST", "/webhook", "127.0.0.1:8000", {"X-Sig": "sha256=ab"}, BODY)
    assert request == (
        b"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nX-Sig: sha256=ab\r\n"
        b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY
    )


def test_a_kept_connection_carries_every_request(scripted):
    server = scripted(lambda n: OK_KEEP)
    wire = Wire(server.url, timeout_s=5)
    assert post_all(wire, 5) == [(200, 2)] * 5
    assert server.connections == 1
    assert all(r.endswith(BODY) for r in server.requests)
    wire.close()


def test_a_server_that_closes_each_connection_gets_a_new_one_each_time(scripted):
    server = scripted(lambda n: OK_CLOSE, close=lambda n: True)
    wire = Wire(server.url, timeout_s=5)
    assert post_all(wire, 4) == [(200, 2)] * 4
    assert server.connections == 4


def test_http_1_0_and_unframed_answers_end_with_the_connection(scripted):
    answers = {
        1: b"HTTP/1.0 201 Created\r\nContent-Length: 3\r\n\r\nabc",
        2: b"HTTP/1.1 500 X\r\n\r\nboom",
    }
    server = scripted(lambda n: answers[(n - 1) % 2 + 1], close=lambda n: n % 2 == 0)
    wire = Wire(server.url, timeout_s=5)
    assert post_all(wire, 2) == [(201, 3), (500, 4)]
    assert server.connections == 2


def test_chunked_answers_and_interim_100_are_read_in_full(scripted):
    chunked = (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\n\r\n"
    )
    server = scripted(lambda n: chunked)
    wire = Wire(server.url, timeout_s=5)
    assert post_all(wire, 3) == [(202, 7)] * 3
    assert server.connections == 1  # the framing was read exactly: the connection stays usable


def test_a_kept_connection_the_server_dropped_is_retried_on_a_new_one(scripted):
    # The server closes after each answer without saying so: the next request on the kept
    # connection finds it closed and goes again on a fresh one.
    server = scripted(lambda n: OK_KEEP, close=lambda n: True)
    wire = Wire(server.url, timeout_s=5)
    time_to_close = 0.05
    results = []
    for _ in range(3):
        results += post_all(wire, 1)
        time.sleep(time_to_close)
    assert results == [(200, 2)] * 3
    assert len(server.requests) == 3  # each delivered once


def test_no_answer_is_status_0_with_a_timeout_error(scripted):
    server = scripted(lambda n: None)
    wire = Wire(server.url, timeout_s=0.3)
    started = time.monotonic()
    request = request_bytes("POST", "/webhook", wire.host_header, {}, BODY)
    answer = wire.post(request)
    assert answer.status == 0
    assert isinstance(answer.error, TimeoutError)
    assert 0.3 <= time.monotonic() - started < 3


def test_a_refused_connection_is_status_0_with_its_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    answer = Wire(f"http://127.0.0.1:{port}", timeout_s=2).post(b"GET / HTTP/1.1\r\n\r\n")
    assert answer.status == 0
    assert isinstance(answer.error, ConnectionRefusedError)


def test_garbage_instead_of_http_is_status_0(scripted):
    server = scripted(lambda n: b"SSH-2.0-OpenSSH\r\n\r\n", close=lambda n: True)
    answer = Wire(server.url, timeout_s=2).post(request_bytes("POST", "/", "x", {}, BODY))
    assert answer.status == 0
    assert "not an HTTP answer" in str(answer.error)


def test_only_plain_http_urls():
    with pytest.raises(ValueError, match="plain http"):
        Wire("https://127.0.0.1:8443", timeout_s=1)
