"""The HTTP servers a loopback fake can run on: werkzeug's (default) or waitress (for load).

werkzeug's threaded development server is what conformance runs have always used, and it
can drop a connection mid-request (the ``no_answer`` fault). Under load it tops out near a
thousand requests a second on two cores; waitress, a production WSGI server, serves the
same app with a fixed pool of worker threads and keeps up with the load generator.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from werkzeug.serving import WSGIRequestHandler, make_server

SERVERS = ("werkzeug", "waitress")
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Enough to keep two cores busy while some requests wait on a delay fault.
WAITRESS_THREADS = 8


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


class WaitressEngine:
    """waitress on the given listener (it takes the socket over), in a daemon thread."""

    def __init__(self, app: WsgiApp, listener: socket.socket) -> None:
        try:
            from waitress.server import create_server
        except ImportError as exc:  # pragma: no cover - waitress is a dependency
            from harness.errors import UsageError

            raise UsageError("the waitress server needs the waitress package") from exc
        # "Task queue depth is N" is normal under load, not a warning worth a line each.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self._server: Any = create_server(
            app,
            sockets=[listener],
            threads=WAITRESS_THREADS,
            # Short select timeouts let stop() end the loop promptly.
            asyncore_loop_timeout=0.1,
            ident="fake-graph",
            expose_tracebacks=False,
        )
        self._thread = threading.Thread(
            target=self._server.run, name="fake-graph-waitress", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        from waitress import wasyncore

        server = self._server
        # Sockets are closed inside the loop's own thread (closing them from here races its
        # select); with its socket map empty the loop returns.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        self._thread.join(timeout=5)
        server.task_dispatcher.shutdown(timeout=2)


def start_engine(name: str, app: WsgiApp, listener: socket.socket) -> Engine:
    """Serve ``app`` on ``listener`` with the server called ``name``."""
    if name == "waitress":
        return WaitressEngine(app, listener)
    return WerkzeugEngine(app, listener)
