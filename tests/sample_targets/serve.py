"""``python -m tests.sample_targets.serve NAME``: serve one seeded defect over HTTP.

Like ``python -m harness.reference``: configured from the ``WHATSAPP_*`` environment,
listening on 127.0.0.1:$PORT, stopping cleanly on SIGTERM; exit 2 on a bad name or an
incomplete configuration.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys

from werkzeug.serving import make_server

from harness.reference.__main__ import DEFAULT_PORT, HOST, QuietRequestHandler, _stop
from harness.reference.config import ALL_KEYS, ConfigError

PACKAGE = __package__ or "tests.sample_targets"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith(("_", "serve")):
        print(f"usage: python -m {PACKAGE}.serve NAME", file=sys.stderr)
        return 2
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper())
    try:
        module = importlib.import_module(f"{PACKAGE}.{args[0]}")
    except ModuleNotFoundError as exc:
        print(f"serve: no sample target {args[0]!r} ({exc})", file=sys.stderr)
        return 2
    try:
        app = module.create_app({key: os.environ.get(key) for key in ALL_KEYS})
    except ConfigError as exc:
        print(f"serve {args[0]}: {exc}", file=sys.stderr)
        return 2
    port = int(os.environ.get("PORT", DEFAULT_PORT))
    server = make_server(HOST, port, app, threaded=True, request_handler=QuietRequestHandler)
    signal.signal(signal.SIGTERM, _stop)
    print(f"serve {args[0]}: listening on http://{HOST}:{port}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
