"""Planted secrets never reach the terminal or any report: JSON, JUnit XML, HTML, transcript."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.cli_support import http_target, wa_harness

SECRETS = {
    "WHATSAPP_APP_SECRET": "planted-app-secret-5f1c2d",
    "WHATSAPP_ACCESS_TOKEN": "planted-access-token-9a8b7c",
    "WHATSAPP_VERIFY_TOKEN": "planted-verify-token-4e3d2c",
}


def _outputs(tmp_path: Path, *target: str) -> list[tuple[str, str]]:
    kinds = ("json", "junit", "html", "transcript")
    paths = {kind: tmp_path / f"report.{kind}" for kind in kinds}
    flags = [a for kind, path in paths.items() for a in (f"--{kind}", str(path))]
    result = wa_harness("run", *target, *flags, env=SECRETS)
    assert result.returncode in (0, 1), result.stderr
    written = [(kind, path.read_text(encoding="utf-8")) for kind, path in paths.items()]
    return [("stdout", result.stdout), ("stderr", result.stderr), *written]


@pytest.mark.parametrize("transport", ["in-process", "http"])
def test_no_secret_in_any_output(tmp_path: Path, transport: str) -> None:
    target = (
        () if transport == "in-process" else http_target(f"{sys.executable} -m harness.reference")
    )
    for name, text in _outputs(tmp_path, *target):
        for variable, secret in SECRETS.items():
            assert secret not in text, f"{variable} leaked into {name}"


def test_no_secret_in_output_of_a_failing_run(tmp_path: Path) -> None:
    # A target that echoes any verify token puts the token into an answer the report shows.
    target = ("--target", "python:tests.sample_targets.any_verify_token", "--profile", "webhook")
    outputs = _outputs(tmp_path, *target)
    assert any("HSK-002" in text for _, text in outputs)
    for name, text in outputs:
        for variable, secret in SECRETS.items():
            assert secret not in text, f"{variable} leaked into {name}"
