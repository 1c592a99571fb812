"""``python -m tests.real_libraries.serve NAME``: serve one real-library target over HTTP.

Flask apps on werkzeug's threaded server (as ``python -m harness.reference``), FastAPI
apps on uvicorn; configured from the ``WHATSAPP_*`` environment, on 127.0.0.1:$PORT.
"""

from __future__ import annotations

import importlib
import os
import sys

import uvicorn

from harness.reference.__main__ import serve

NAMES = ("pywa_flask", "pywa_fastapi")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in NAMES:
        print(f"usage: python -m tests.real_libraries.serve {{{','.join(NAMES)}}}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"tests.real_libraries.{args[0]}")
    if args[0].endswith("_flask"):
        return serve(module.create_app, label=f"serve {args[0]}")
    config = {k: v for k, v in os.environ.items() if k.startswith("WHATSAPP_")}
    app = module.create_app(config)
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
