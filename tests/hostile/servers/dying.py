"""The reference implementation over HTTP that dies abruptly after serving N requests."""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from harness.reference import create_app
from harness.reference.config import ALL_KEYS


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def main() -> None:
    limit = int(sys.argv[1])
    app = create_app({key: os.environ.get(key) for key in ALL_KEYS})
    served = 0
    lock = threading.Lock()

    def counting(environ: dict[str, Any], start_response: Any) -> Any:
        nonlocal served
        with lock:
            served += 1
            if served > limit:
                # Die mid-run without answering, like a crashed process.
                print(f"dying.py: exiting after {limit} requests", file=sys.stderr, flush=True)
                os._exit(7)
        return app(environ, start_response)

    port = int(os.environ["PORT"])
    server = make_server("127.0.0.1", port, counting, threaded=True, request_handler=_Quiet)
    server.serve_forever()


if __name__ == "__main__":
    main()
