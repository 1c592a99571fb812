"""``wa-harness explore``: exit 0 when nothing is found, 1 with findings, 2 for a bad target."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli_support import ROOT, WA_HARNESS, wa_harness


def test_findings_exit_1_and_are_written_as_json_and_features(tmp_path: Path) -> None:
    out = tmp_path / "found.json"
    folder = tmp_path / "features"

    done = wa_harness(
        "explore",
        "--target",
        "python:harness.examples.four_buttons",
        "--budget",
        "4",
        "--json",
        str(out),
        "--export-features",
        str(folder),
    )

    assert done.returncode == 1, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {f["rule"] for f in data["findings"]} >= {"INV-001"}
    assert all(f["steps"] and f["reproduce"].startswith("wa-harness run") for f in data["findings"])
    assert (folder / "explored.feature").is_file()
    assert "Traceback" not in done.stderr


def test_nothing_found_exits_0() -> None:
    done = wa_harness("explore", "--target", "python:harness.reference", "--budget", "2")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 finding(s), 0 dropped" in done.stdout


def test_a_target_that_cannot_be_loaded_is_one_line_and_exit_2() -> None:
    done = wa_harness("explore", "--target", "python:no_such.module", "--budget", "2")

    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith("wa-harness: ")
    assert "no_such" in done.stderr.splitlines()[-1]
    assert "Traceback" not in done.stderr


# While the target opens, and while it is explored: a KeyboardInterrupt raised inside a
# garbage-collection callback was once lost, and the search went on for its budget.
@pytest.mark.parametrize("after_s", [0.15, 2.0])
def test_ctrl_c_reports_what_was_found_so_far(after_s: float) -> None:
    command = [WA_HARNESS, "explore", "--target", "python:harness.reference", "--budget", "120"]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    ) as process:
        assert process.stderr is not None
        assert process.stderr.readline().startswith("explore: python:harness.reference")
        time.sleep(after_s)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)

    assert process.returncode == 0, err
    assert out.splitlines()[-1].startswith("interrupted: 0 finding(s), 0 dropped")
    assert "Traceback" not in err


@pytest.mark.slow
def test_an_http_target_started_with_target_cmd_is_explored(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = f"{sys.executable} -m tests.sample_targets.serve duplicate_acted_twice"
    out = tmp_path / "found.json"

    done = wa_harness(
        "explore",
        "--target",
        f"http://127.0.0.1:{port}",
        "--target-cmd",
        serve,
        "--budget",
        "30",
        "--json",
        str(out),
        timeout=180,
    )

    assert done.returncode == 1, done.stdout + done.stderr
    rules = {f["rule"]: f for f in json.loads(out.read_text(encoding="utf-8"))["findings"]}
    assert "EXP-004" in rules
    assert len(rules["EXP-004"]["steps"]) <= 8
