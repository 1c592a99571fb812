"""A target that answers at once, then drips its body one byte at a time, forever."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time

# Each byte comes well inside any per-read timeout, so only a total deadline ends it.
DRIP_INTERVAL_S = 0.2


def _drip(conn: socket.socket, headers_too: bool) -> None:
    with conn:
        try:
            conn.recv(65536)
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000000\r\n\r\n"
            )
            if not headers_too:
                conn.sendall(head)
            while True:
                if headers_too:
                    conn.sendall(b"X-Drip: " + b"a" * 1 + b"\r\n")
                else:
                    conn.sendall(b" ")
                time.sleep(DRIP_INTERVAL_S)
        except OSError:
            pass


def main() -> None:
    headers_too = len(sys.argv) > 1 and sys.argv[1] == "headers"
    server = socket.create_server(("127.0.0.1", int(os.environ["PORT"])))
    if headers_too:
        # The status line first, then header lines forever.
        pass
    while True:
        conn, _ = server.accept()
        threading.Thread(target=_drip, args=(conn, headers_too), daemon=True).start()


if __name__ == "__main__":
    main()
