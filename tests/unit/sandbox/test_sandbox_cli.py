"""``wa-harness sandbox`` with bad input: one readable line and exit 2, never a traceback."""

from __future__ import annotations

import socket

from tests.cli_support import wa_harness


def test_a_busy_port_is_one_line_naming_the_fix() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        result = wa_harness("sandbox", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.strip() == f"wa-harness: port {port} is in use; choose another with --port"


def test_a_target_that_cannot_be_imported_is_one_line() -> None:
    result = wa_harness("sandbox", "--target", "python:no_such_module_here", "--port", "0")
    assert result.returncode == 2
    assert result.stderr.startswith("wa-harness: cannot import 'no_such_module_here'")
    assert "Traceback" not in result.stderr
