"""A --target-cmd that dies shows the last 20 lines of what it printed, where the cause is."""

from __future__ import annotations

import sys

from tests.cli_support import http_target, wa_harness_in_process


def test_the_last_twenty_lines_of_a_dying_command_follow_the_error():
    script = "import sys\nfor i in range(1, 31): print(f'line {i}')\nsys.exit('the real cause')"
    command = f'{sys.executable} -c "{script}"'
    result = wa_harness_in_process("run", *http_target(command))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "--target-cmd exited with code 1" in lines[0]
    assert "its last 20 line(s) of output:" in lines[0]
    shown = [line.removeprefix("  | ") for line in lines[1:]]
    assert shown == [f"line {i}" for i in range(12, 31)] + ["the real cause"]
    assert "Traceback" not in result.stderr
