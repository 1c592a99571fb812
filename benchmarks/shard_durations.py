"""Refresh ``harness/sharding/durations.json``: ``python benchmarks/shard_durations.py``.

Grades the async reference without settle (it acts 100-300 ms after answering, so most
of a check's time is waiting for effects, as with any implementation written elsewhere)
in one shard over HTTP, and writes each check's seconds, which ``--parallel`` balances
its shards by. Run it after adding or changing checks; the figures need not be exact.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "harness" / "sharding" / "durations.json"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(Path(sys.executable).parent / "wa-harness"),
                "run",
                "--target",
                f"http://127.0.0.1:{_free_port()}",
                "--target-cmd",
                f"{sys.executable} -m tests.sample_targets.serve async_reference",
                "--json",
                str(report),
                "-q",
            ],
            cwd=ROOT,
            check=True,
        )
        checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
    seconds = {c["id"]: round(c["duration_s"], 2) for c in sorted(checks, key=lambda c: c["id"])}
    OUT.write_text(json.dumps(seconds, indent=1) + "\n", encoding="utf-8")
    print(f"{len(seconds)} checks, {sum(seconds.values()):.1f} s in all: {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
