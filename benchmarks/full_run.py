"""Wall time of a full conformance run: the reference in-process and over HTTP, and
implementations that act after they answered, with and without the settle command.

Prints figures; it asserts nothing. Run with ``make bench``.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WA_HARNESS = str(Path(sys.executable).parent / "wa-harness")
ROUNDS = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _http(command: str) -> list[str]:
    return ["--target", f"http://127.0.0.1:{_free_port()}", "--target-cmd", command]


def _time(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [WA_HARNESS, "run", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0 and "card_never_sent" not in " ".join(args):
        raise SystemExit(f"run {args} exited {result.returncode}:\n{result.stdout[-1500:]}")
    return elapsed


def main() -> None:
    serve = f"{sys.executable} -m tests.sample_targets.serve"
    cases = {
        "reference, in-process": [],
        "reference, over HTTP (--target-cmd)": _http(f"{sys.executable} -m harness.reference"),
        # Acting 100-300 ms after answering: with the settle command, and without it (then
        # every conclusion that nothing happened waits out the --settle window).
        "async reference with settle, over HTTP": _http(f"{serve} async_settle"),
        "async reference without settle, over HTTP": _http(f"{serve} async_reference"),
        "async reference without settle, HTTP, --parallel 4": [
            *_http(f"{serve} async_reference"),
            "--parallel",
            "4",
        ],
        "async reference without settle, in-process, --parallel 4": [
            "--target",
            "python:tests.sample_targets.async_reference",
            "--parallel",
            "4",
        ],
        # present_opportunity answers but never sends: every check needing the card is
        # blocked by that one cause, which fails the later ones at once.
        "a card that never comes, over HTTP (exit 1)": _http(f"{serve} card_never_sent"),
    }
    if shutil.which("node"):
        cases["Node.js sample, over HTTP"] = _http("node tests/sample_targets/node/server.js")
    print(f"full conformance run, wall time over {ROUNDS} rounds (includes interpreter start)")
    for name, args in cases.items():
        times = [_time(args if i == 0 else _refresh_port(args)) for i in range(ROUNDS)]
        print(
            f"  {name:<44} median {statistics.median(times):5.2f} s   "
            f"min {min(times):5.2f} s   max {max(times):5.2f} s"
        )


def _refresh_port(args: list[str]) -> list[str]:
    # A just-stopped server's port can linger; each round takes a fresh one.
    if len(args) >= 4 and args[0] == "--target" and args[2] == "--target-cmd":
        return [*_http(args[3]), *args[4:]]
    return args


if __name__ == "__main__":
    main()
