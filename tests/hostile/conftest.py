"""Run the CLI against hostile targets and input, and list how long each case took."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import ROOT, free_port, wa_harness

SERVERS = Path(__file__).resolve().parent / "servers"

# tests/conftest.py prints how each case ended from this user property.
CASE_PROPERTY = "hostile_case"


@dataclass(frozen=True)
class Ended:
    """How one CLI run ended."""

    code: int
    stdout: str
    stderr: str
    seconds: float

    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def assert_no_traceback(self) -> None:
        assert "Traceback" not in self.stdout + self.stderr, self.stdout + self.stderr

    def assert_one_line(self, *needles: str) -> None:
        """Exit 2 with exactly one stderr line that contains every needle."""
        self.assert_no_traceback()
        assert self.code == 2, self.stdout + self.stderr
        lines = self.stderr_lines()
        assert len(lines) == 1, self.stderr
        for needle in needles:
            assert needle in lines[0], lines[0]


def serve(script: str, *args: str) -> Iterator[str]:
    """Run ``servers/script`` on a free port until the generator closes; yield its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(SERVERS / script), *args],
        env={**os.environ, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(timeout=5)


def target_cmd_run(command: str) -> list[str]:
    """``run`` against a free port, started with ``command``."""
    return ["run", "--target", f"http://127.0.0.1:{free_port()}", "--target-cmd", command]


def server_cmd(script: str, *args: str) -> str:
    """A --target-cmd that runs one of ``servers/`` with this interpreter."""
    parts = [sys.executable, str((SERVERS / script).relative_to(ROOT)), *args]
    return shlex.join(parts)


@pytest.fixture
def run_case(request: pytest.FixtureRequest) -> Any:
    """Run ``wa-harness ARGS`` with a hard timeout, and record how long it took."""

    def run(name: str, *args: str, timeout: float, env: dict[str, str] | None = None) -> Ended:
        started = time.perf_counter()
        try:
            done = wa_harness(*args, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            pytest.fail(f"hostile case {name}: still running after {timeout:g} s (a hang)")
        ended = Ended(done.returncode, done.stdout, done.stderr, time.perf_counter() - started)
        line = f"hostile case {name}: ended in {ended.seconds:.2f} s (exit {ended.code})"
        print(line)
        request.node.user_properties.append((CASE_PROPERTY, line))
        return ended

    return run


@pytest.fixture
def cli_case(request: pytest.FixtureRequest) -> Any:
    """Run ``wa-harness ARGS`` in this process (click's CliRunner), for errors that happen
    before anything starts: the console script would only add an interpreter start-up."""

    def run(name: str, *args: str) -> Ended:
        from click.testing import CliRunner

        from harness.cli import cli

        started = time.perf_counter()
        result = CliRunner().invoke(cli, list(args), prog_name="wa-harness")
        ended = Ended(result.exit_code, result.stdout, result.stderr, time.perf_counter() - started)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        line = f"hostile case {name}: ended in {ended.seconds:.2f} s (exit {ended.code})"
        request.node.user_properties.append((CASE_PROPERTY, line))
        return ended

    return run
