"""``python -m tests.sample_targets.serve NAME``: serve one seeded defect over HTTP.

Like ``python -m harness.reference``: configured from the ``WHATSAPP_*`` environment,
listening on 127.0.0.1:$PORT, stopping cleanly on SIGTERM; exit 2 on a bad name or an
incomplete configuration.
"""

from __future__ import annotations

import importlib
import sys

from harness.reference.__main__ import serve

PACKAGE = __package__ or "tests.sample_targets"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith(("_", "serve")):
        print(f"usage: python -m {PACKAGE}.serve NAME", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(f"{PACKAGE}.{args[0]}")
    except ModuleNotFoundError as exc:
        print(f"serve: no sample target {args[0]!r} ({exc})", file=sys.stderr)
        return 2
    return serve(module.create_app, label=f"serve {args[0]}")


if __name__ == "__main__":
    raise SystemExit(main())
