"""``python -m harness.reference``: serve the bot on 127.0.0.1:$PORT, configured from the env."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from . import create_app
from .config import ALL_KEYS, ConfigError

DEFAULT_PORT = 8080
HOST = "127.0.0.1"

log = logging.getLogger("harness.reference.http")


class QuietRequestHandler(WSGIRequestHandler):
    """Logs method and path only, at debug: query strings carry the verify token."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One debug line per request, without the query string."""
        path = self.path.split("?", 1)[0]
        log.debug("%s %s %s", self.command, path, code)


def _stop(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into a normal exit so the socket is closed."""
    raise SystemExit(0)


def main() -> int:
    """Serve the reference until interrupted."""
    return serve(create_app, label="harness.reference")


def serve(factory: Callable[[dict[str, Any]], Any], *, label: str) -> int:
    """Serve ``factory``'s app until interrupted; exit 2 with one line on a bad configuration."""
    level = os.environ.get("LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(
        level=level if level in logging.getLevelNamesMapping() else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        app = factory({key: os.environ.get(key) for key in ALL_KEYS})
    except ConfigError as exc:
        print(f"{label}: {exc}", file=sys.stderr)
        return 2
    try:
        port = int(os.environ.get("PORT", DEFAULT_PORT))
    except ValueError:
        print(f"{label}: PORT must be an integer", file=sys.stderr)
        return 2
    server = make_server(HOST, port, app, threaded=True, request_handler=QuietRequestHandler)
    signal.signal(signal.SIGTERM, _stop)
    print(f"{label}: listening on http://{HOST}:{port}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
