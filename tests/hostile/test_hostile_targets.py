"""Targets that hang, drip, speak garbage or die: each run ends bounded, readable, reported."""

from __future__ import annotations

import json
import re
import resource
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.checks.run_context import UNREACHABLE_LIMIT
from tests.cli_support import free_port
from tests.hostile.conftest import server_cmd

# The harness may grow a little with a huge answer, never by the answer's size (1 GB).
MAX_HARNESS_RSS_MB = 400
# How the checks after a target stopped answering mid-run are told apart.
STOPPED = "blocked: the target stopped answering"


def _target(command: str) -> list[str]:
    """``run`` against a free port, started with ``command``."""
    return ["run", "--target", f"http://127.0.0.1:{free_port()}", "--target-cmd", command]


def _report(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _reports(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    json_path, html_path = tmp_path / "report.json", tmp_path / "report.html"
    return json_path, html_path, ["--json", str(json_path), "--html", str(html_path)]


def test_silent_target_is_a_target_problem_found_before_grading(run_case: Any) -> None:
    ended = run_case(
        "silent target", *_target(server_cmd("silent.py")), "--timeout", "1", timeout=90
    )
    # The preflight's handshake gets no answer: exit 2 in one line, nothing graded.
    ended.assert_one_line("preflight", "no answer within 1 s", "--timeout")


def test_dripping_target_meets_a_whole_answer_deadline(run_case: Any) -> None:
    ended = run_case(
        "dripping target", *_target(server_cmd("drip.py")), "--timeout", "1", timeout=90
    )
    ended.assert_one_line("preflight", "did not finish answering within")


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("nothttp", "the answer was not HTTP"),
        ("nonjson", "did not answer JSON: <html>"),
        ("huge", "answered more than 1000000 bytes"),
    ],
)
def test_garbage_target_is_refused_with_a_readable_reason(
    run_case: Any, mode: str, reason: str
) -> None:
    ended = run_case(
        f"garbage target ({mode})",
        *_target(server_cmd("garbage.py", mode)),
        "--timeout",
        "2",
        timeout=90,
    )
    ended.assert_one_line("preflight", reason)
    if mode == "huge":
        # ru_maxrss (KiB) of the largest finished child so far, the harness included.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"hostile case garbage target (huge): peak child RSS {peak_mb:.0f} MB")
        assert peak_mb < MAX_HARNESS_RSS_MB


def test_a_static_file_server_is_not_graded(run_case: Any) -> None:
    command = f"{sys.executable} -m http.server --bind 127.0.0.1"
    url = f"http://127.0.0.1:{free_port()}"
    ended = run_case(
        "static file server",
        "run",
        "--target",
        url,
        "--target-cmd",
        f"{command} {url.rsplit(':', 1)[1]}",
        timeout=90,
    )
    ended.assert_one_line("preflight", "GET /webhook answered", "is not serving the webhook")


def test_a_wrong_control_path_is_named(run_case: Any) -> None:
    command = f"{sys.executable} -m harness.reference"
    ended = run_case(
        "wrong --control-path", *_target(command), "--control-path", "/nope", timeout=90
    )
    ended.assert_one_line("preflight", "/nope", "404", "--control-path")


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


def test_target_hanging_mid_run_ends_bounded_with_the_cause_named(
    run_case: Any, tmp_path: Path
) -> None:
    json_path, html_path, flags = _reports(tmp_path)
    ended = run_case(
        "target hangs on a webhook mid-run",
        *_target(server_cmd("hanging.py", "30")),
        "--timeout",
        "2",
        *flags,
        timeout=90,
    )
    ended.assert_no_traceback()
    # It passed the preflight and was graded: hanging on a webhook fails the run (exit 1),
    # as dying does; exit 2 is for a target found unfit before grading.
    assert ended.code == 1, ended.stdout + ended.stderr
    report = _report(json_path)
    assert report["verdict"] == "FAIL"
    assert {c["outcome"] for c in report["checks"]} == {"passed", "skipped", "error"}
    errors = [c for c in report["checks"] if c["outcome"] == "error"]
    blocked = {c["id"] for c in errors if STOPPED in c["message"]}
    # Only the first checks to meet the hang wait out --timeout; they say what to try.
    met = [c for c in errors if c["id"] not in blocked]
    assert 1 <= len(met) <= UNREACHABLE_LIMIT, [c["message"] for c in met]
    assert "/webhook got no answer within 2 s" in met[0]["message"]
    assert all("check that it is not stuck" in c["message"] for c in met)
    # Every later check errors at once, and the summary gives them one cause.
    grouped = re.search(
        rf"Blocked by one cause:\n +{re.escape(STOPPED)}[^\n]*\n +(\d+) checks: (.*)", ended.stdout
    )
    assert grouped, ended.stdout
    assert set(grouped[2].split(", ")) == blocked
    assert int(grouped[1]) == len(blocked) > len(met)
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
