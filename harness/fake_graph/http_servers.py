"""The HTTP servers the loopback fake runs on, and dropping a connection on either of them.

cheroot, CherryPy's production WSGI server, is the default of ``wa-harness fake-graph``:
a fixed pool of threads behind one selector, so idle keep-alive connections hold no
thread. Measured with wrk on two cores it answered several times the rate of werkzeug's
threaded development server and about twice that of waitress, whose hand-off between its
I/O loop and its worker threads queues on the GIL. werkzeug (a thread per connection)
stays the server of conformance runs, the sandbox and the in-repo tests. Both support
every fault: a delay holds one worker thread while it waits, and ``no_answer`` closes
the connection without a reply on either server.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any, NoReturn, Protocol

from werkzeug.serving import WSGIRequestHandler, make_server

from harness.errors import UsageError

SERVERS = ("werkzeug", "cheroot")
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Requests served at once; a delay or hang fault holds one thread while it waits, so the
# pool is larger than the connections a load tool usually opens.
CHEROOT_THREADS = 32
BACKLOG = 128
# The environ key under which either server hands the app its client socket.
SOCKET_KEY = "harness.socket"
# cheroot connections already set to TCP_NODELAY (weakly held: they come and go).
_NO_DELAY: weakref.WeakSet[Any] = weakref.WeakSet()


class Engine(Protocol):
    """A started server on a bound listener, stopped from another thread."""

    def stop(self) -> None: ...


def bind_listener(host: str, port: int) -> socket.socket:
    """Bind ourselves, so a busy port is a clear UsageError (werkzeug would sys.exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Answers go out as soon as they are written (connections inherit this, mostly).
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.bind((host, port))
        listener.listen(BACKLOG)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use; choose another with --port") from exc
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    return listener


def drop_connection(environ: dict[str, Any]) -> NoReturn:
    """Close the socket without an answer, as a Graph that never replies would look."""
    connection = environ.get(SOCKET_KEY) or environ.get("werkzeug.socket")
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
    # Both servers take a ConnectionError carrying ECONNABORTED for a client that went away:
    # werkzeug by its type, cheroot by its errno; neither writes anything more.
    raise ConnectionAbortedError(
        errno.ECONNABORTED, "no_answer fault: connection closed without a reply"
    )


class _QuietHandler(WSGIRequestHandler):
    """No per-request log lines: a request line may carry ``?access_token=``."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return


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


def _cheroot_gateway() -> type[Any]:
    from cheroot import wsgi

    class SocketGateway(wsgi.Gateway_10):
        """cheroot's WSGI 1.0 gateway, also handing the app its client socket."""

        def get_environ(self) -> Any:
            environ: dict[str, Any] = super().get_environ()  # type: ignore[no-untyped-call]
            connection = self.req.conn
            environ[SOCKET_KEY] = connection.socket
            if connection not in _NO_DELAY:
                # cheroot writes the headers and the body apart; without TCP_NODELAY the body
                # waits for the client's delayed ACK (40 ms). It is meant to be inherited from
                # the listener, but some connections of a fresh process were measured at
                # 44 ms per request: set it on each connection itself.
                connection.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                _NO_DELAY.add(connection)
            return environ

    return SocketGateway


def _cheroot_server(app: WsgiApp, listener: socket.socket) -> Any:
    from cheroot import wsgi

    class AdoptingServer(wsgi.Server):
        """cheroot's WSGI server on the caller's bound listener: rebinding the address would
        leave a moment in which a client's connection is refused or reset."""

        def bind(self, family: int, type: int, proto: int = 0) -> socket.socket:
            self.socket = listener
            self.bind_addr = listener.getsockname()[:2]
            return listener

    server = AdoptingServer(
        listener.getsockname()[:2],
        app,
        numthreads=CHEROOT_THREADS,
        request_queue_size=BACKLOG,
        server_name="fake-graph",
    )
    server.gateway = _cheroot_gateway()
    return server


class CherootEngine:
    """cheroot (CherryPy's WSGI server) on the listener, which it owns from now on."""

    def __init__(self, app: WsgiApp, listener: socket.socket) -> None:
        self._server = _cheroot_server(app, listener)
        try:
            self._server.prepare()
        except OSError as exc:
            listener.close()
            raise UsageError(f"cannot serve on {listener.getsockname()}: {exc}") from exc
        self._thread = threading.Thread(
            target=self._server.serve, name="fake-graph-cheroot", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.stop()
        self._thread.join(timeout=5)


def start_engine(name: str, app: WsgiApp, listener: socket.socket) -> Engine:
    """Serve ``app`` on ``listener`` with the server called ``name``."""
    if name not in SERVERS:
        raise UsageError(f"unknown server {name!r}; valid: {', '.join(SERVERS)}")
    if name == "cheroot":
        return CherootEngine(app, listener)
    return WerkzeugEngine(app, listener)
