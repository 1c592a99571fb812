"""Targets that hang, drip, speak garbage or die: each run ends bounded, readable, reported."""

from __future__ import annotations

import json
import resource
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import free_port
from tests.hostile.conftest import server_cmd

# Checks error at once after this many in a row found the target unreachable.
UNREACHABLE_LIMIT = 2
# The harness may grow a little with a huge answer, never by the answer's size (1 GB).
MAX_HARNESS_RSS_MB = 400


def _target(command: str) -> list[str]:
    """``run`` against a free port, started with ``command``."""
    return ["run", "--target", f"http://127.0.0.1:{free_port()}", "--target-cmd", command]


def _report(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _reports(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    json_path, html_path = tmp_path / "report.json", tmp_path / "report.html"
    return json_path, html_path, ["--json", str(json_path), "--html", str(html_path)]


def test_silent_target_times_out_and_stops_after_two_checks(run_case: Any, tmp_path: Path) -> None:
    json_path, html_path, flags = _reports(tmp_path)
    ended = run_case(
        "silent target",
        *_target(server_cmd("silent.py")),
        "--timeout",
        "1",
        *flags,
        timeout=90,
    )
    ended.assert_no_traceback()
    assert ended.code == 1
    # Two timeouts of 1 s, then every other check errors at once (the structure below);
    # the hard timeout of the case fails a hang without timing a loaded machine.
    report = _report(json_path)
    outcomes = {check["outcome"] for check in report["checks"]}
    assert outcomes <= {"error", "failed"}
    cut_short = [c for c in report["checks"] if "stopped answering earlier" in c["message"]]
    timed_out = [
        c for c in report["checks"] if "no answer within 1 s" in c["message"] and c not in cut_short
    ]
    assert len(timed_out) == UNREACHABLE_LIMIT
    assert len(timed_out) + len(cut_short) == len(report["checks"])
    assert "stopped answering earlier" in html_path.read_text(encoding="utf-8")


def test_dripping_target_meets_a_whole_answer_deadline(run_case: Any, tmp_path: Path) -> None:
    json_path, _, flags = _reports(tmp_path)
    ended = run_case(
        "dripping target",
        *_target(server_cmd("drip.py")),
        "--timeout",
        "1",
        *flags,
        timeout=90,
    )
    ended.assert_no_traceback()
    assert ended.code == 1
    messages = " ".join(c["message"] for c in _report(json_path)["checks"])
    assert "did not finish answering within" in messages


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("nothttp", "the answer was not HTTP"),
        ("nonjson", "did not answer JSON: <html>"),
        ("huge", "answered more than 1000000 bytes"),
    ],
)
def test_garbage_target_fails_with_a_readable_reason(
    run_case: Any, tmp_path: Path, mode: str, reason: str
) -> None:
    json_path, html_path, flags = _reports(tmp_path)
    ended = run_case(
        f"garbage target ({mode})",
        *_target(server_cmd("garbage.py", mode)),
        "--timeout",
        "2",
        *flags,
        timeout=90,
    )
    ended.assert_no_traceback()
    assert ended.code == 1
    report = _report(json_path)
    assert report["summary"]["passed"] <= 3  # at most the vacuous run-wide invariants
    assert any(reason in c["message"] for c in report["checks"]), report["checks"][3]
    assert html_path.is_file()
    if mode == "huge":
        # ru_maxrss (KiB) of the largest finished child so far, the harness included.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"hostile case garbage target (huge): peak child RSS {peak_mb:.0f} MB")
        assert peak_mb < MAX_HARNESS_RSS_MB


def test_target_dying_mid_run_errors_the_rest(run_case: Any, tmp_path: Path) -> None:
    json_path, html_path, flags = _reports(tmp_path)
    ended = run_case(
        "target dies after 40 requests",
        *_target(server_cmd("dying.py", "40")),
        "--timeout",
        "2",
        *flags,
        timeout=90,
    )
    ended.assert_no_traceback()
    assert ended.code == 1
    checks = _report(json_path)["checks"]
    outcomes = [c["outcome"] for c in checks if c["profile"] != "invariants"]
    first_error = outcomes.index("error")
    # It served the first checks, then everything after its death errors; none passes.
    assert outcomes[:first_error]
    assert set(outcomes[:first_error]) <= {"passed", "skipped"}
    assert set(outcomes[first_error:]) == {"error"}
    died = [c for c in checks if "exited with code 7" in c["message"]]
    assert died, "the report should say that the target process exited"
    assert "exiting after 40 requests" in died[0]["message"]
    assert html_path.is_file()


def test_target_cmd_that_exits_at_once(run_case: Any) -> None:
    command = 'python -c "import sys; sys.exit(3)"'
    ended = run_case("--target-cmd exits at once", *_target(command), timeout=60)
    ended.assert_one_line("--target-cmd exited with code 3")


def test_target_cmd_that_is_not_a_program(run_case: Any) -> None:
    ended = run_case("--target-cmd not a program", *_target("/nonexistent/prog"), timeout=60)
    ended.assert_one_line("could not start", "/nonexistent/prog")


def test_target_cmd_with_broken_quoting(run_case: Any) -> None:
    ended = run_case("--target-cmd broken quoting", *_target("python -c 'oops"), timeout=60)
    ended.assert_one_line("could not start", "No closing quotation")


def test_target_cmd_that_never_opens_its_port(run_case: Any) -> None:
    command = 'python -c "import time; time.sleep(120)"'
    ended = run_case(
        "--target-cmd never listens",
        *_target(command),
        "--startup-timeout",
        "1",
        timeout=60,
    )
    ended.assert_one_line("did not open port", "within 1 s")


def test_target_cmd_on_a_port_already_in_use(run_case: Any) -> None:
    with socket.create_server(("127.0.0.1", 0)) as holder:
        port = holder.getsockname()[1]
        ended = run_case(
            "--target-cmd port in use",
            "run",
            "--target",
            f"http://127.0.0.1:{port}",
            "--target-cmd",
            server_cmd("silent.py"),
            timeout=60,
        )
    ended.assert_one_line(f"port {port} is already in use", "choose another port")
