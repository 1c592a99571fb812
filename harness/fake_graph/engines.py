"""The HTTP servers a loopback fake can run on: werkzeug's (default) or cheroot (for load).

werkzeug's threaded development server is what conformance runs have always used, and it
can drop a connection mid-request (the ``no_answer`` fault). For load the fake runs on
cheroot, CherryPy's production WSGI server: a fixed pool of threads, one per connection.
Measured with wrk on two cores against the same validating app, cheroot answered about
twice the rate of waitress, whose hand-off between its I/O loop and its worker threads
queues on the GIL.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from werkzeug.serving import WSGIRequestHandler, make_server

from harness.errors import UsageError

SERVERS = ("werkzeug", "cheroot")
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# One thread per open connection, as werkzeug; a delay fault holds one while it waits.
CHEROOT_THREADS = 16
BACKLOG = 128


class _QuietHandler(WSGIRequestHandler):
    """No per-request log lines: a request line may carry ``?access_token=``."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return


class Engine(Protocol):
    """A started server on a bound listener, stopped from another thread."""

    def stop(self) -> None: ...


class WerkzeugEngine:
    """werkzeug's threaded server; it duplicates the listener, which the caller closes."""

    def __init__(self, app: WsgiApp, listener: socket.socket) -> None:
        host, port = listener.getsockname()[:2]
        self._server = make_server(
            host, port, app, threaded=True, request_handler=_QuietHandler, fd=listener.fileno()
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="fake-graph-loopback",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class CherootEngine:
    """cheroot (CherryPy's WSGI server) on the listener's address, in a daemon thread."""

    def __init__(self, app: WsgiApp, listener: socket.socket) -> None:
        from cheroot import wsgi

        host, port = listener.getsockname()[:2]
        # cheroot binds its own socket: hand it the address the caller's listener checked.
        listener.close()
        self._server = wsgi.Server(
            (host, port),
            app,
            numthreads=CHEROOT_THREADS,
            request_queue_size=BACKLOG,
            server_name="fake-graph",
        )
        try:
            self._server.prepare()
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc}") from exc
        self._thread = threading.Thread(
            target=self._server.serve, name="fake-graph-cheroot", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.stop()
        self._thread.join(timeout=5)


def start_engine(name: str, app: WsgiApp, listener: socket.socket) -> Engine:
    """Serve ``app`` on ``listener`` with the server called ``name``."""
    if name == "cheroot":
        return CherootEngine(app, listener)
    return WerkzeugEngine(app, listener)
