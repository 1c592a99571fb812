"""``LoopbackServer``: the fake over real HTTP on 127.0.0.1, and ``serve`` for the command.

The WSGI app reads the environ itself rather than through werkzeug's request and response
objects: under load those objects cost about as much as the server around them.
"""

from __future__ import annotations

import ipaddress
import json
import sys
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from harness.errors import UsageError
from harness.fake_graph.control import PREFIX, answer_control, route_list
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.http_servers import (
    SERVERS,
    Engine,
    bind_listener,
    drop_connection,
    start_engine,
)
from harness.fake_graph.inbound import Inbound
from harness.fake_graph.journal import SendAttempt
from harness.fake_graph.lifecycle import Lifecycle
from harness.fake_graph.status_webhooks import WebhookDelivery

__all__ = ["Engine", "LoopbackServer", "bind_listener", "serve", "start_engine"]

_JSON = [("Content-Type", "application/json; charset=UTF-8")]
_UNAUTHORISED = {
    "error": {
        "message": "the /_harness routes need the access token the fake expects: "
        "send 'Authorization: Bearer <token>'",
        "code": 190,
    }
}


class LoopbackServer(Lifecycle):
    """Serves ``fake`` plus the ``/_harness/*`` control routes from a daemon thread.

    ``server`` is ``werkzeug`` (a thread per connection, the default) or ``cheroot``
    (the faster one, the default of ``wa-harness fake-graph``); both support every fault.
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
        self.fake.holds.release()
        if self._delivery is not None:
            self._delivery.stop()
        if self._engine is not None:
            self._engine.stop()
        self._engine = None
        self._bound_port = None

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        # WSGI hands the path as latin-1 text of the raw bytes; URLs are UTF-8.
        raw_path = str(environ.get("PATH_INFO", "")).encode("latin-1", "replace")
        path = "/" + raw_path.decode("utf-8", "replace").lstrip("/")
        query = str(environ.get("QUERY_STRING", ""))
        headers = _headers(environ)
        if path.startswith(PREFIX):
            if not self.fake.authorises(headers, "?" + query):
                return _respond(start_response, 401, json.dumps(_UNAUTHORISED).encode())
            status, body = answer_control(
                self.fake, method, path, _body(environ), inbound=self.inbound
            )
            return _respond(start_response, status, json.dumps(body).encode())
        full_path = path + "?" + query if query else path
        reply = self.fake.handle(method, full_path, headers, _body(environ))
        if reply.hang_s is not None:
            self._stopping.wait(reply.hang_s)
            drop_connection(environ)
        self.fake.holds.pause(reply.delay_s)
        return _respond(start_response, reply.status, reply.json_bytes())


def serve(
    fake: FakeGraph,
    *,
    host: str = "127.0.0.1",
    port: int = 8931,
    webhook_url: str | None = None,
    app_secret: str | None = None,
    allow_remote: bool = False,
    server_name: str = "cheroot",
    log_requests: bool | None = None,
) -> None:
    """Run the loopback fake in the foreground until Ctrl-C.

    ``log_requests``: one line per request; None prints them only when stdout is a
    terminal, where someone reads them (piped or under load they would cost more than
    the answers).
    """
    server = LoopbackServer(
        fake,
        host=host,
        port=port,
        webhook_url=webhook_url,
        app_secret=app_secret,
        allow_remote=allow_remote,
        server=server_name,
    )
    if log_requests is None:
        log_requests = sys.stdout.isatty()
    if log_requests:
        fake.on_attempt.append(_print_attempt)
    try:
        server.start()
        _banner(server, webhook_url=webhook_url, log_requests=log_requests)
        _wait_forever(server)
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        server.stop()
        if log_requests:
            fake.on_attempt.remove(_print_attempt)


def _banner(server: LoopbackServer, *, webhook_url: str | None, log_requests: bool) -> None:
    fake = server.fake
    warning = exposure_warning(server.host)
    if warning is not None:
        print(warning, file=sys.stderr, flush=True)
    print(f"fake Graph API listening on {server.url} (phone number id {fake.phone_number_id})")
    if webhook_url:
        print(f"status webhooks go to {webhook_url}")
    else:
        print("no --webhook-url: status webhooks are not delivered, /_harness/inbound is off")
    routes = ", ".join(route_list(inbound=bool(webhook_url)))
    print(f"control routes (Authorization: Bearer <the access token>): {routes}")
    kept = "every send" if fake.keep_last is None else f"the last {fake.keep_last:,} sends"
    print(f"keeps the bodies of {kept}; /_harness/counts counts all (--keep-last)")
    if not log_requests:
        print("one line per request: off (--verbose turns it on)")
    print("Ctrl-C to stop", flush=True)


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


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request's headers, named as sent (``Authorization``), from the WSGI environ."""
    found = {
        key[5:].replace("_", "-").title(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            found[key.replace("_", "-").title()] = str(environ[key])
    return found


def _body(environ: dict[str, Any]) -> bytes:
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = str(environ.get("CONTENT_LENGTH") or "").strip()
    if length.isdigit():
        return bytes(stream.read(int(length)))
    # A chunked body has no length; the server marks the stream as ending on its own.
    return bytes(stream.read()) if environ.get("wsgi.input_terminated") else b""


def _respond(start_response: Callable[..., Any], status: int, body: bytes) -> list[bytes]:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    start_response(f"{status} {reason}", [*_JSON, ("Content-Length", str(len(body)))])
    return [body]
