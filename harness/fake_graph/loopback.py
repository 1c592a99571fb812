"""``LoopbackServer``: the fake over real HTTP on 127.0.0.1, and the HTTP servers it runs on.

werkzeug's threaded development server (the default) is what conformance runs have always
used, and it can drop a connection mid-request (the ``no_answer`` fault). For load the fake
runs on cheroot, CherryPy's production WSGI server: a fixed pool of threads, one per
connection. Measured with wrk on two cores against the same validating app, cheroot
answered about twice the rate of waitress, whose hand-off between its I/O loop and its
worker threads queues on the GIL.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from harness.errors import UsageError
from harness.fake_graph.control import PREFIX, answer_control, route_list
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.inbound import Inbound
from harness.fake_graph.journal import SendAttempt
from harness.fake_graph.lifecycle import Lifecycle
from harness.fake_graph.status_webhooks import WebhookDelivery

SERVERS = ("werkzeug", "cheroot")
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# One thread per open connection, as werkzeug; a delay fault holds one while it waits.
CHEROOT_THREADS = 16
BACKLOG = 128
_JSON = "application/json; charset=UTF-8"
_UNAUTHORISED = {
    "error": {
        "message": "the /_harness routes need the access token the fake expects: "
        "send 'Authorization: Bearer <token>'",
        "code": 190,
    }
}


class LoopbackServer(Lifecycle):
    """Serves ``fake`` plus the ``/_harness/*`` control routes from a daemon thread.

    ``server`` is ``werkzeug`` (every fault, the default) or ``cheroot`` (for load; the
    ``no_answer`` fault then ends in an error answer instead of a dropped connection).
    """

    def __init__(
        self,
        fake: FakeGraph,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        webhook_url: str | None = None,
        app_secret: str | None = None,
        allow_remote: bool = False,
        server: str = "werkzeug",
        inbound: Inbound | None = None,
    ) -> None:
        if (webhook_url is None) != (app_secret is None):
            raise UsageError("status webhooks need both webhook_url and app_secret, or neither")
        if not allow_remote and not is_loopback(host):
            raise UsageError(
                f"the fake Graph API binds loopback addresses only, not {host!r}: it shows "
                "every captured message; pass --allow-remote to expose it"
            )
        if server not in SERVERS:
            raise UsageError(f"unknown server {server!r}; valid: {', '.join(SERVERS)}")
        self.fake = fake
        self.host = host
        self._port = port
        self._stopping = threading.Event()
        self.server = server
        self._engine: Engine | None = None
        self._bound_port: int | None = None
        self._delivery = (
            WebhookDelivery.to_url(fake, webhook_url=webhook_url, app_secret=app_secret)
            if webhook_url is not None and app_secret is not None
            else None
        )
        # Injected taps and texts go where the status webhooks go, unless told otherwise.
        if inbound is None and self._delivery is not None:
            inbound = Inbound(fake, self._delivery.client)
        self.inbound = inbound

    @property
    def port(self) -> int:
        if self._bound_port is None:
            raise UsageError("the loopback server is not started; call start() first")
        return self._bound_port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: what ``WHATSAPP_GRAPH_API_BASE`` should be."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> LoopbackServer:
        if self._engine is not None:
            return self
        listener = bind_listener(self.host, self._port)
        port = listener.getsockname()[1]
        try:
            self._engine = start_engine(self.server, self._app, listener)
        finally:
            if self.server == "werkzeug":
                # werkzeug duplicated the descriptor; this copy is no longer needed.
                listener.close()
        self._bound_port = port
        self._stopping.clear()
        if self._delivery is not None:
            self._delivery.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._delivery is not None:
            self._delivery.stop()
        if self._engine is not None:
            self._engine.stop()
        self._engine = None
        self._bound_port = None

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith(PREFIX):
            query = request.query_string.decode("latin-1")
            if not self.fake.authorises(dict(request.headers), "?" + query):
                return _json_response(401, json.dumps(_UNAUTHORISED).encode())(
                    environ, start_response
                )
            status, body = answer_control(
                self.fake, request.method, request.path, request.get_data(), inbound=self.inbound
            )
            return _json_response(status, json.dumps(body).encode())(environ, start_response)
        path = request.path
        if request.query_string:
            path += "?" + request.query_string.decode("latin-1")
        reply = self.fake.handle(request.method, path, dict(request.headers), request.get_data())
        if reply.hang_s is not None:
            self._stopping.wait(reply.hang_s)
            _drop_connection(environ)
        if reply.delay_s:
            self._stopping.wait(reply.delay_s)
        return _json_response(reply.status, reply.json_bytes())(environ, start_response)


def serve(
    fake: FakeGraph,
    *,
    host: str = "127.0.0.1",
    port: int = 8931,
    webhook_url: str | None = None,
    app_secret: str | None = None,
    allow_remote: bool = False,
    server_name: str = "werkzeug",
    quiet: bool = False,
) -> None:
    """Run the loopback fake in the foreground until Ctrl-C, printing one line per request
    (unless ``quiet``: under load those lines would cost more than the answers)."""
    server = LoopbackServer(
        fake,
        host=host,
        port=port,
        webhook_url=webhook_url,
        app_secret=app_secret,
        allow_remote=allow_remote,
        server=server_name,
    )
    if not quiet:
        fake.on_attempt.append(_print_attempt)
    server.start()
    warning = exposure_warning(host)
    if warning is not None:
        print(warning, file=sys.stderr, flush=True)
    print(f"fake Graph API listening on {server.url} (phone number id {fake.phone_number_id})")
    if webhook_url:
        print(f"status webhooks go to {webhook_url}")
    else:
        print("no --webhook-url: status webhooks are not delivered, /_harness/inbound is off")
    routes = ", ".join(route_list(inbound=bool(webhook_url)))
    print(f"control routes (Authorization: Bearer <the access token>): {routes}")
    print("Ctrl-C to stop")
    try:
        _wait_forever(server)
    except KeyboardInterrupt:
        print("stopping")
    finally:
        server.stop()
        if not quiet:
            fake.on_attempt.remove(_print_attempt)


def _wait_forever(server: LoopbackServer) -> None:
    # Ctrl-C (KeyboardInterrupt) is the only way out; tests replace this function.
    threading.Event().wait()


def _print_attempt(attempt: SendAttempt) -> None:
    # Attempts never hold the token, so this line is safe to show.
    extra = attempt.fault or (attempt.violations[0].details if attempt.violations else "")
    to = f" to {attempt.recipient}" if attempt.recipient else ""
    print(f"{attempt.method} {attempt.path}{to} -> {attempt.status} {extra}".rstrip(), flush=True)


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1); names are not resolved."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What to tell the user when ``host`` lets other machines reach the fake."""
    if is_loopback(host):
        return None
    return (
        f"warning: listening on {host}, not loopback: other machines can send to this fake "
        "and, with the access token, read every captured message"
    )


def _json_response(status: int, body: bytes) -> Response:
    return Response(body, status=status, content_type=_JSON)


def bind_listener(host: str, port: int) -> socket.socket:
    """Bind ourselves, so a busy port is a clear UsageError (werkzeug would sys.exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(BACKLOG)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use; choose another with --port") from exc
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    return listener


def _drop_connection(environ: dict[str, Any]) -> None:
    """Close the socket without an answer, as a Graph that never replies would look."""
    connection = environ.get("werkzeug.socket")
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
    # werkzeug treats ConnectionError as a dropped client and writes nothing more.
    raise ConnectionAbortedError("no_answer fault: connection closed without a reply")


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
