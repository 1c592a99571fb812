"""One ``wa-harness run`` with planted secrets, and every output it wrote or printed."""

from __future__ import annotations

from pathlib import Path

from tests.cli_support import wa_harness

SECRETS = {
    "WHATSAPP_APP_SECRET": "planted-app-secret-5f1c2d",
    "WHATSAPP_ACCESS_TOKEN": "planted-access-token-9a8b7c",
    "WHATSAPP_VERIFY_TOKEN": "planted-verify-token-4e3d2c",
}


def run_outputs(
    tmp_path: Path, *target: str, env: dict[str, str] = SECRETS
) -> list[tuple[str, str]]:
    """The terminal and every report of one run, by name.

    The console script in a process of its own: the terminal is all the process writes to
    its stdout and stderr, also what bypasses ``sys.stdout`` (warnings and log records
    outside pytest's capture, writes to the file descriptors, output at exit), which a
    run inside this process would not show.
    """
    kinds = ("json", "junit", "html", "transcript", "cucumber-json")
    paths = {kind: tmp_path / f"report.{kind}" for kind in kinds}
    flags = [a for kind, path in paths.items() for a in (f"--{kind}", str(path))]
    result = wa_harness("run", *target, *flags, env=env)
    assert result.returncode in (0, 1), result.stderr
    written = [(kind, path.read_text(encoding="utf-8")) for kind, path in paths.items()]
    return [("stdout", result.stdout), ("stderr", result.stderr), *written]
