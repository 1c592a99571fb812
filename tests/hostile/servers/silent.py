"""A target that accepts every connection and never answers (reads and holds the socket)."""

from __future__ import annotations

import os
import socket
import threading


def _hold(conn: socket.socket) -> None:
    # Read whatever the client sends and never write a byte back.
    with conn:
        while conn.recv(65536):
            pass


def main() -> None:
    server = socket.create_server(("127.0.0.1", int(os.environ["PORT"])))
    while True:
        conn, _ = server.accept()
        threading.Thread(target=_hold, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
