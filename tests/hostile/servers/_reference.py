"""The reference implementation served over HTTP on $PORT, each request through a wrapper.

Shared by the servers that misbehave only after a while (``dying.py``, ``hanging.py``):
each passes ``serve`` a function of (the reference app, environ, start_response).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from harness.reference import create_app
from harness.reference.config import ALL_KEYS

App = Callable[[dict[str, Any], Any], Any]


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def serve(wrapper: Callable[[App, dict[str, Any], Any], Any]) -> None:
    app = create_app({key: os.environ.get(key) for key in ALL_KEYS})

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        return wrapper(app, environ, start_response)

    port = int(os.environ["PORT"])
    server = make_server("127.0.0.1", port, wrapped, threaded=True, request_handler=_Quiet)
    server.serve_forever()
