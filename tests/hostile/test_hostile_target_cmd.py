"""A --target-cmd that cannot serve: exit 2 in one line that names the fix, never a hang."""

from __future__ import annotations

import socket
from typing import Any

from tests.hostile.conftest import server_cmd, target_cmd_run


def test_target_cmd_that_exits_at_once(run_case: Any) -> None:
    command = 'python -c "import sys; sys.exit(3)"'
    ended = run_case("--target-cmd exits at once", *target_cmd_run(command), timeout=60)
    ended.assert_one_line("--target-cmd exited with code 3")


def test_target_cmd_that_is_not_a_program(run_case: Any) -> None:
    ended = run_case("--target-cmd not a program", *target_cmd_run("/nonexistent/prog"), timeout=60)
    ended.assert_one_line("could not start", "/nonexistent/prog")


def test_target_cmd_with_broken_quoting(run_case: Any) -> None:
    ended = run_case("--target-cmd broken quoting", *target_cmd_run("python -c 'oops"), timeout=60)
    ended.assert_one_line("could not start", "No closing quotation")


def test_target_cmd_that_never_opens_its_port(run_case: Any) -> None:
    command = 'python -c "import time; time.sleep(120)"'
    ended = run_case(
        "--target-cmd never listens",
        *target_cmd_run(command),
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
