"""Stopping a run or a sandbox by signal (a CI cancel sends SIGTERM) stops its target too.

The --target-cmd server here also starts a grandchild; after the signal, no process of the
server's group may be left running and its port must be free, so the next run can listen.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli_support import ROOT, WA_HARNESS, free_port
from tests.hostile.conftest import server_cmd

# Each request to the target waits this long, so a run is still grading when stopped.
SLOW_S = "0.2"


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie nobody reaped has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


def _start(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], list[int], int]:
    """Start ``wa-harness ARGS --target ... --target-cmd family.py``; wait until it serves."""
    pids_file, port = tmp_path / "pids", free_port()
    command = server_cmd("family.py", str(pids_file), SLOW_S)
    harness = subprocess.Popen(
        [WA_HARNESS, *args, "--target", f"http://127.0.0.1:{port}", "--target-cmd", command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not (pids_file.exists() and pids_file.read_text().endswith("\n") and _listening(port)):
        if time.monotonic() > deadline or harness.poll() is not None:
            harness.kill()
            pytest.fail(f"the target never started: {harness.communicate()}")
        time.sleep(0.05)
    # Let the harness get past its preflight into grading (or into serving the page).
    time.sleep(1.5)
    pids = [int(pid) for pid in pids_file.read_text().split()]
    return harness, pids, port


def _stop(harness: subprocess.Popen[str], number: int) -> tuple[int, str]:
    assert harness.poll() is None, "the harness ended before it was stopped"
    harness.send_signal(number)
    try:
        _, stderr = harness.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        harness.kill()
        pytest.fail("the harness still ran 30 s after the signal")
    return harness.returncode, stderr


def _assert_all_gone(pids: list[int], port: int) -> None:
    left = [pid for pid in pids if _running(pid)]
    # Clean up before failing, so a regression does not leave the port held for other tests.
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"still running after the harness exited: {left} of {pids}"
    assert not _listening(port), f"port {port} still answers"


def test_sigterm_to_run_stops_the_target_group_and_exits_143(tmp_path: Path) -> None:
    harness, pids, port = _start(tmp_path, "run")
    code, stderr = _stop(harness, signal.SIGTERM)
    _assert_all_gone(pids, port)
    assert code == 143, stderr
    assert stderr.strip().splitlines() == ["wa-harness: terminated (SIGTERM)"]


def test_sigint_to_run_is_an_interrupt_not_a_verdict(tmp_path: Path) -> None:
    # pytest used to swallow the interrupt, grade the rest as errors and exit 1 (FAIL).
    harness, pids, port = _start(tmp_path, "run")
    code, stderr = _stop(harness, signal.SIGINT)
    _assert_all_gone(pids, port)
    assert code == 130, stderr
    assert stderr.strip().splitlines() == ["wa-harness: interrupted"]


def test_sigterm_to_sandbox_stops_the_target_group(tmp_path: Path) -> None:
    harness, pids, port = _start(tmp_path, "sandbox", "--port", "0")
    code, stderr = _stop(harness, signal.SIGTERM)
    _assert_all_gone(pids, port)
    assert code == 143, stderr
    assert stderr.strip().splitlines() == ["wa-harness: terminated (SIGTERM)"]


def test_sigterm_to_load_stops_the_target_group(tmp_path: Path) -> None:
    harness, pids, port = _start(tmp_path, "load", "--duration", "60")
    code, stderr = _stop(harness, signal.SIGTERM)
    _assert_all_gone(pids, port)
    assert code == 143, stderr
    assert stderr.strip().splitlines()[-1] == "wa-harness: terminated (SIGTERM)"
