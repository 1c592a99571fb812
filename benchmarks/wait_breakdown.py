"""Where a conformance run waits: ``python benchmarks/wait_breakdown.py OUT.json RUN-ARGS...``.

Runs ``wa-harness run RUN-ARGS`` in this process with every wait for effects timed, and
writes to OUT.json the seconds and count of each kind of wait: for an expected effect (it
ends when the effect came), the grace window after an action (before a conclusion that
nothing more happened, or before a further action), and the end of a check (its late
effects are its own). Figures only; ``full_run.py`` prints them.
"""

from __future__ import annotations

import atexit
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.checks.check_context import CheckContext  # noqa: E402
from harness.cli import main  # noqa: E402
from harness.world.effects import Effects  # noqa: E402

KINDS = ("expected effect", "window after an action", "end of a check")
totals = {kind: [0.0, 0] for kind in KINDS}
draining: list[bool] = [False]


def _timed_wait(original: Callable[..., bool]) -> Callable[..., bool]:
    def wait(self: Effects, until: Callable[[], bool] | None = None, **options: bool) -> bool:
        started = time.monotonic()
        try:
            return original(self, until, **options)
        finally:
            kind = KINDS[0] if until is not None else KINDS[2] if draining[0] else KINDS[1]
            totals[kind][0] += time.monotonic() - started
            totals[kind][1] += 1

    return wait


def _marked_drain(original: Callable[[CheckContext], None]) -> Callable[[CheckContext], None]:
    def drain(self: CheckContext) -> None:
        draining[0] = True
        try:
            original(self)
        finally:
            draining[0] = False

    return drain


def run(out: str, args: list[str]) -> None:
    Effects.wait = _timed_wait(Effects.wait)  # type: ignore[method-assign]
    CheckContext.drain = _marked_drain(CheckContext.drain)  # type: ignore[method-assign]
    atexit.register(lambda: Path(out).write_text(json.dumps(totals), encoding="utf-8"))
    sys.argv = ["wa-harness", "run", *args]
    main()


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2:])
