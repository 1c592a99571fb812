"""The reference implementation over HTTP that deadlocks on a webhook after serving N.

It passes the preflight and the first checks; the webhook POST after the first N takes
the server's lock and never gives it back, so that request and every later one, control
commands included, wait for ever. The process stays up, its port open: hung, not dead
(``dying.py`` is the crashed one).
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from _reference import App, serve


def main() -> None:
    limit = int(sys.argv[1])
    lock = threading.Lock()
    webhooks = 0

    def deadlocking(app: App, environ: dict[str, Any], start_response: Any) -> Any:
        nonlocal webhooks
        with lock:
            if environ["PATH_INFO"] == "/webhook" and environ["REQUEST_METHOD"] == "POST":
                webhooks += 1
                if webhooks > limit:
                    print(f"hanging.py: stuck on webhook {webhooks}", file=sys.stderr, flush=True)
                    threading.Event().wait()  # holds the lock for ever
            return app(environ, start_response)

    serve(deadlocking)


if __name__ == "__main__":
    main()
