"""Run the installed ``wa-harness`` console script as a user would, from the repository root."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

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


def invoke_cli(*args: str) -> tuple[int, str]:
    """``wa-harness ARGS`` in this process (click's CliRunner): exit code and all output.

    For callers that already run where a user would (the repository root, no WHATSAPP_*
    of their own); an unexpected exception comes back as its traceback in the output.
    """
    result = _invoke(args)
    output = result.output
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        output += "".join(traceback.format_exception(*result.exc_info))
    return result.exit_code, output


def wa_harness_in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``wa_harness`` without a fresh interpreter: the same command through CliRunner.

    For tests whose point is the command, not the console script or a process of its own;
    an unexpected exception is raised, so it shows as itself.
    """
    result = _invoke(args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(
        [WA_HARNESS, *args], result.exit_code, result.stdout, result.stderr
    )


def _invoke(args: tuple[str, ...]) -> Result:
    from harness.cli import cli

    try:
        return CliRunner().invoke(cli, list(args), prog_name="wa-harness")
    finally:
        _forget_vanished_modules()


def _forget_vanished_modules() -> None:
    """Drop the modules whose temporary file is gone: a fresh interpreter has none of them.

    A run with --features collects QA's folders through a module it writes to a temporary
    folder and deletes afterwards; left in sys.modules, it shadows the next run's module
    of the same name, and pytest refuses to collect that one ("import file mismatch").
    """
    temporary = tempfile.gettempdir()
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and path.startswith(temporary) and not os.path.exists(path):
            del sys.modules[name]


def cli_worker_setup() -> None:
    """Make a worker process grade as a user would: from the root, without WHATSAPP_*."""
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for key in [key for key in os.environ if key.startswith("WHATSAPP_")]:
        del os.environ[key]


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
