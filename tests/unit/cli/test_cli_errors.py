"""A command's own errors are one masked line and exit 2, each invocation with its secrets."""

from __future__ import annotations

import socket

from tests.cli_support import invoke_cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _failing_start(app_secret: str) -> tuple[int, str]:
    # The target prints the secret it was given, then exits: the error quotes its output.
    command = "sh -c 'echo key=$WHATSAPP_APP_SECRET; exit 3'"
    return invoke_cli(
        "run",
        "--app-secret",
        app_secret,
        "--target",
        f"http://127.0.0.1:{_free_port()}",
        "--target-cmd",
        command,
    )


def test_each_invocation_masks_its_own_secret_in_its_error() -> None:
    for secret in ("first-planted-secret-4411", "second-planted-secret-9922"):
        code, output = _failing_start(secret)
        assert code == 2, output
        assert "--target-cmd exited with code 3" in output
        assert "key=[redacted]" in output
        assert secret[:8] not in output
