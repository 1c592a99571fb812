"""The reference implementation over HTTP that dies abruptly after serving N requests."""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from _reference import App, serve


def main() -> None:
    limit = int(sys.argv[1])
    served = 0
    lock = threading.Lock()

    def counting(app: App, environ: dict[str, Any], start_response: Any) -> Any:
        nonlocal served
        with lock:
            served += 1
            if served > limit:
                # Die mid-run without answering, like a crashed process.
                print(f"dying.py: exiting after {limit} requests", file=sys.stderr, flush=True)
                os._exit(7)
        return app(environ, start_response)

    serve(counting)


if __name__ == "__main__":
    main()
