"""Run the installed ``wa-harness`` console script as a user would, from the repository root."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WA_HARNESS = str(Path(sys.executable).parent / "wa-harness")


def wa_harness(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WA_HARNESS, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_target(command: str) -> list[str]:
    """Flags that make the harness start ``command`` on a free port and grade it over HTTP."""
    return ["--target", f"http://127.0.0.1:{free_port()}", "--target-cmd", command]


def outcomes(report_path: Path) -> dict[str, str]:
    data: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    return {check["id"]: check["outcome"] for check in data["checks"]}
