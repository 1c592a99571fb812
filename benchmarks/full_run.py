"""Wall time of a full conformance run: the reference in-process and over HTTP, and
implementations that act after they answered, with and without the settle command; the
share of an in-process run spent on its checks; and where a run without settle waits.

Prints figures (wall and CPU seconds, median and minimum over the rounds: the machine
may be shared); it asserts nothing. Run with ``make bench``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WA_HARNESS = str(Path(sys.executable).parent / "wa-harness")
ROUNDS = 3
# Runs reuse compiled bytecode, as an installed harness does: with PYTHONDONTWRITEBYTECODE
# set, every run would also time compiling each of the harness's modules from source.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _http(command: str) -> list[str]:
    return ["--target", f"http://127.0.0.1:{_free_port()}", "--target-cmd", command]


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(args: list[str], command: list[str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (the harness and the target it starts) of one run."""
    started, cpu = time.perf_counter(), _cpu_s()
    result = subprocess.run(
        [*(command or [WA_HARNESS, "run"]), *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    # Exit 1 is a verdict (the card that never comes, pywa's known failures), not an error.
    if result.returncode not in (0, 1):
        raise SystemExit(f"run {args} exited {result.returncode}:\n{result.stdout[-1500:]}")
    return elapsed, _cpu_s() - cpu


def _figures(name: str, rounds: list[tuple[float, float]]) -> str:
    wall, cpu = [w for w, _ in rounds], [c for _, c in rounds]
    return (
        f"  {name:<58} wall median {statistics.median(wall):5.2f} s min {min(wall):5.2f} s"
        f"   cpu median {statistics.median(cpu):5.2f} s"
    )


def checks_share() -> None:
    """How much of the reference's in-process wall time its checks take (the rest: start-up,
    collection, reports)."""
    shares, walls = [], []
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        for _ in range(ROUNDS):
            wall, _ = _time(["--json", str(report)])
            checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
            walls.append(wall)
            shares.append(sum(c["duration_s"] for c in checks) / wall)
    print(
        f"  reference in-process: the checks take {statistics.median(shares):.0%} of the wall "
        f"time (median; wall median {statistics.median(walls):.2f} s)"
    )


def where_it_waits(name: str, args: list[str]) -> None:
    """Seconds spent waiting for effects, by kind, in one run of one shard."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "waits.json"
        wall, _ = _time([str(out), *args], [sys.executable, "benchmarks/wait_breakdown.py"])
        totals = json.loads(out.read_text(encoding="utf-8"))
    waited = sum(seconds for seconds, _ in totals.values())
    parts = ", ".join(f"{kind} {s:.1f} s ({n}x)" for kind, (s, n) in totals.items())
    print(f"  {name}: wall {wall:.1f} s, waiting {waited:.1f} s: {parts}")


def main() -> None:
    serve = f"{sys.executable} -m tests.sample_targets.serve"
    cases = {
        "reference, in-process": [],
        "reference, over HTTP (--target-cmd)": _http(f"{sys.executable} -m harness.reference"),
        # Acting before answering, without settle: the grace window is learned from the
        # effects seen, all of them in before the answer.
        "reference acting before answering, without settle, over HTTP": _http(
            f"{serve} sync_unsettled"
        ),
        "reference acting before answering, without settle, HTTP, --parallel auto": [
            *_http(f"{serve} sync_unsettled"),
            "--parallel",
            "auto",
        ],
        # Acting 100-300 ms after answering: with the settle command, and without it (then
        # every conclusion that nothing happened waits out the grace window).
        "async reference with settle, over HTTP": _http(f"{serve} async_settle"),
        "async reference without settle, over HTTP": _http(f"{serve} async_reference"),
        "async reference without settle, HTTP, --parallel 4": [
            *_http(f"{serve} async_reference"),
            "--parallel",
            "4",
        ],
        "async reference without settle, HTTP, --parallel 8": [
            *_http(f"{serve} async_reference"),
            "--parallel",
            "8",
        ],
        "async reference without settle, HTTP, --parallel auto": [
            *_http(f"{serve} async_reference"),
            "--parallel",
            "auto",
        ],
        "pywa on Flask, in-process": ["--target", "python:tests.real_libraries.pywa_flask"],
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
    print(f"full conformance run, over {ROUNDS} rounds (includes interpreter start)")
    for name, args in cases.items():
        rounds = [_time(args if i == 0 else _refresh_port(args)) for i in range(ROUNDS)]
        print(_figures(name, rounds))
    checks_share()
    print("where a run without settle waits for effects (one shard, one round)")
    where_it_waits(
        "async reference, in-process", ["--target", "python:tests.sample_targets.async_reference"]
    )
    where_it_waits("async reference, over HTTP", _http(f"{serve} async_reference"))


def _refresh_port(args: list[str]) -> list[str]:
    # A just-stopped server's port can linger; each round takes a fresh one.
    if len(args) >= 4 and args[0] == "--target" and args[2] == "--target-cmd":
        return [*_http(args[3]), *args[4:]]
    return args


if __name__ == "__main__":
    main()
