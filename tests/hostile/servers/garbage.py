"""A target that answers nonsense: ``nothttp`` bytes, ``nonjson`` HTTP, or a ``huge`` body."""

from __future__ import annotations

import os
import socket
import sys
import threading

HUGE_BYTES = 1024 * 1024 * 1024
CHUNK = b"x" * 65536


def _read_request(conn: socket.socket) -> None:
    # Up to the end of the headers is enough; bodies are small and ignored.
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk


def _answer(conn: socket.socket, mode: str) -> None:
    with conn:
        try:
            _read_request(conn)
            if mode == "nothttp":
                conn.sendall(b"\x00\xffSSH-2.0-definitely-not-http\r\n\x13\x37" * 20)
            elif mode == "nonjson":
                body = b"<html><body>Service temporarily unavailable</body></html>"
                head = (
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
                )
                conn.sendall(head + body)
            elif mode == "huge":
                head = (
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % HUGE_BYTES
                )
                conn.sendall(head)
                for _ in range(HUGE_BYTES // len(CHUNK)):
                    conn.sendall(CHUNK)
        except OSError:
            # The harness hangs up once it has read enough; that is expected here.
            pass


def main() -> None:
    mode = sys.argv[1]
    server = socket.create_server(("127.0.0.1", int(os.environ["PORT"])))
    while True:
        conn, _ = server.accept()
        threading.Thread(target=_answer, args=(conn, mode), daemon=True).start()


if __name__ == "__main__":
    main()
