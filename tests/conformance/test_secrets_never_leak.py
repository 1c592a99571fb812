"""No planted secret reaches the terminal or a report: JSON, JUnit, HTML, cucumber, transcript."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.cli_support import http_target
from tests.conformance.secret_runs import SECRETS, run_outputs

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("transport", ["in-process", "http"])
def test_no_secret_in_any_output(tmp_path: Path, transport: str) -> None:
    target = (
        () if transport == "in-process" else http_target(f"{sys.executable} -m harness.reference")
    )
    for name, text in run_outputs(tmp_path, *target):
        for variable, secret in SECRETS.items():
            assert secret not in text, f"{variable} leaked into {name}"


def test_no_secret_in_output_of_a_failing_run(tmp_path: Path) -> None:
    # A target that echoes any verify token puts the token into an answer the report shows.
    target = ("--target", "python:tests.sample_targets.any_verify_token", "--profile", "webhook")
    outputs = run_outputs(tmp_path, *target)
    assert any("HSK-002" in text for _, text in outputs)
    for name, text in outputs:
        for variable, secret in SECRETS.items():
            assert secret not in text, f"{variable} leaked into {name}"
