"""Targets that hang, drip or speak garbage: the preflight refuses each, bounded and readable."""

from __future__ import annotations

import resource
import sys
from typing import Any

import pytest

from tests.cli_support import free_port
from tests.hostile.conftest import server_cmd, target_cmd_run

# The harness may grow a little with a huge answer, never by the answer's size (1 GB).
MAX_HARNESS_RSS_MB = 400


def test_silent_target_is_a_target_problem_found_before_grading(run_case: Any) -> None:
    ended = run_case(
        "silent target", *target_cmd_run(server_cmd("silent.py")), "--timeout", "1", timeout=90
    )
    # The preflight's handshake gets no answer: exit 2 in one line, nothing graded.
    ended.assert_one_line("preflight", "no answer within 1 s", "--timeout")


def test_dripping_target_meets_a_whole_answer_deadline(run_case: Any) -> None:
    ended = run_case(
        "dripping target", *target_cmd_run(server_cmd("drip.py")), "--timeout", "1", timeout=90
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
        *target_cmd_run(server_cmd("garbage.py", mode)),
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
        "wrong --control-path", *target_cmd_run(command), "--control-path", "/nope", timeout=90
    )
    ended.assert_one_line("preflight", "/nope", "404", "--control-path")
