"""The tap's servers on loopback ports, started and stopped together."""

from __future__ import annotations

import selectors
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from harness.errors import UsageError
from harness.fake_graph.loopback import exposure_warning, is_loopback
from harness.recording.forwarding import Forwarder
from harness.recording.session import RecordingSession
from harness.recording.tap import CONTROL_PATH, GraphTap, WebhookTap

_POLL_S = 0.05


def _serve_until(server: BaseWSGIServer, stopping: threading.Event) -> None:
    # select() directly: handle_request() loops on time.time(), which tests may freeze.
    with selectors.DefaultSelector() as selector:
        selector.register(server, selectors.EVENT_READ)
        while not stopping.is_set():
            if selector.select(_POLL_S):
                # The one step of handle_request() after its wait: accept and dispatch.
                server._handle_request_noblock()  # type: ignore[attr-defined]


class _QuietHandler(WSGIRequestHandler):
    # Query strings carry the verify token; the tap logs nothing per request.
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


@dataclass(frozen=True, slots=True)
class TapOptions:
    """Where the tap listens and where it forwards."""

    forward: str
    listen_port: int = 0
    graph_port: int | None = None
    graph_upstream: str | None = None
    host: str = "127.0.0.1"
    allow_remote: bool = False
    refuse_unsigned: bool = False
    webhook_path: str = "/webhook"
    control_path: str = CONTROL_PATH
    scrub_text: bool = False
    timeout_s: float = 10.0


class Recorder:
    """The webhook tap and, when asked, the Graph tap, each on its own port."""

    def __init__(self, options: TapOptions, *, app_secret: str) -> None:
        if (options.graph_port is None) != (options.graph_upstream is None):
            raise UsageError(
                "--graph-listen and --graph-upstream go together; pass both or neither"
            )
        if not options.allow_remote and not is_loopback(options.host):
            raise UsageError(
                f"the tap binds loopback addresses only, not {options.host!r}; put it behind "
                "your HTTPS proxy, or pass --allow-remote"
            )
        self.options = options
        self.session = RecordingSession(
            app_secret=app_secret,
            webhook_path=options.webhook_path,
            upstream=options.graph_upstream,
            scrub_text=options.scrub_text,
        )
        self.webhook_tap = WebhookTap(
            Forwarder(options.forward, timeout_s=options.timeout_s),
            self.session,
            app_secret=app_secret,
            refuse_unsigned=options.refuse_unsigned,
            control_path=options.control_path,
        )
        self.graph_tap = (
            GraphTap(Forwarder(options.graph_upstream, timeout_s=options.timeout_s), self.session)
            if options.graph_upstream is not None
            else None
        )
        self._servers: list[tuple[BaseWSGIServer, threading.Thread]] = []
        self._stopping = threading.Event()
        self.url = ""
        self.graph_url: str | None = None

    @property
    def warning(self) -> str | None:
        """A line to print when the tap listens beyond loopback."""
        return exposure_warning(self.options.host)

    def start(self) -> Recorder:
        """Bind and serve; ports already in use are a one-line ``UsageError``."""
        self.url = self._serve(self.webhook_tap, self.options.listen_port)
        if self.graph_tap is not None and self.options.graph_port is not None:
            self.graph_url = self._serve(self.graph_tap, self.options.graph_port)
        return self

    def stop(self) -> None:
        """Stop serving; the session's events stay in memory until written."""
        self._stopping.set()
        for server, thread in self._servers:
            thread.join(timeout=5)
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> Recorder:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, app: Callable[..., Any], port: int) -> str:
        try:
            server = make_server(
                self.options.host, port, app, threaded=True, request_handler=_QuietHandler
            )
        except OSError as exc:
            self.stop()
            raise UsageError(
                f"cannot listen on {self.options.host}:{port} ({exc.strerror or exc}); "
                "pick another port"
            ) from exc
        # A loop of our own instead of serve_forever/shutdown: shutdown() was seen to wait
        # forever when a tap is started and stopped many times in a row.
        thread = threading.Thread(
            target=_serve_until, args=(server, self._stopping), name="wa-harness-tap", daemon=True
        )
        thread.start()
        self._servers.append((server, thread))
        return f"http://{self.options.host}:{server.server_port}"
