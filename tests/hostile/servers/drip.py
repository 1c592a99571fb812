"""A target that answers, then drips its body (or, with ``headers``, its headers) forever."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time

# Each piece comes well inside any per-read timeout, so only a whole-answer deadline ends it.
DRIP_INTERVAL_S = 0.2


def _drip(conn: socket.socket, headers_too: bool) -> None:
    with conn:
        try:
            conn.recv(65536)
            if headers_too:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                while True:
                    conn.sendall(b"X-D")
                    time.sleep(DRIP_INTERVAL_S)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000000\r\n\r\n"
            )
            while True:
                conn.sendall(b" ")
                time.sleep(DRIP_INTERVAL_S)
        except OSError:
            pass


def main() -> None:
    headers_too = sys.argv[1:] == ["headers"]
    server = socket.create_server(("127.0.0.1", int(os.environ["PORT"])))
    while True:
        conn, _ = server.accept()
        threading.Thread(target=_drip, args=(conn, headers_too), daemon=True).start()


if __name__ == "__main__":
    main()
