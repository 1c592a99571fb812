"""A kind Meta accepts that the fake does not model is reported as INFO, never as a rejection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_support import outcomes, wa_harness_in_process

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow


def test_an_image_send_is_an_info_finding_and_the_run_still_passes(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    target = "python:tests.sample_targets.sends_image_note"
    result = wa_harness_in_process(
        "run", "--target", target, "--profile", "flow,invariants", "--json", str(report)
    )
    found = outcomes(report)
    assert result.returncode == 0, result.stdout + result.stderr
    assert found["INV-004"] == "failed"
    assert "not modelled by the fake Graph API" in result.stdout
    # Accepted, not judged: no schema violation and no other check is failed by it.
    assert {c: o for c, o in found.items() if o != "passed"} == {"INV-004": "failed"}
