"""In another project, ``pytest --wa-target ...`` runs the same checks with the same ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli_support import ROOT


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The sample targets live in this repository; a user's module would be on their path.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_plugin_runs_the_checks_beside_the_projects_own_tests(tmp_path: Path) -> None:
    (tmp_path / "test_own.py").write_text("def test_own():\n    assert 2 + 2 == 4\n")
    report = tmp_path / "report.json"
    result = _pytest(
        tmp_path,
        "--wa-target",
        "python:harness.reference",
        "--wa-profile",
        "cards,webhook",
        "--wa-json",
        str(report),
    )

    assert result.returncode == 0, result.stdout[-2000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {c["profile"] for c in data["checks"]} == {"cards", "webhook"}
    assert {c["outcome"] for c in data["checks"]} == {"passed"}
    assert "wa-harness checks" in result.stdout
    assert "Verdict: PASS" in result.stdout
    assert "test_own" not in result.stdout  # it passed quietly among the others
    assert f"{len(data['checks'])} checks" in result.stdout


def test_plugin_reports_a_broken_target_as_failed_tests(tmp_path: Path) -> None:
    result = _pytest(
        tmp_path, "--wa-target", "python:tests.sample_targets.four_buttons", "--wa-profile", "cards"
    )
    assert result.returncode == 1
    assert "BTN-001" in result.stdout


def test_without_wa_target_the_plugin_stays_out_of_the_way(tmp_path: Path) -> None:
    (tmp_path / "test_own.py").write_text("def test_own():\n    assert True\n")
    result = _pytest(tmp_path)
    assert result.returncode == 0
    assert "1 passed" in result.stdout
    assert "wa-harness" not in result.stdout
