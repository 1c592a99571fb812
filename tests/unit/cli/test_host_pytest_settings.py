"""The environment's pytest settings are for the project's own suite, never the harness's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness.checks.check_list import load_specs
from tests.cli_support import invoke_cli


def test_the_environments_pytest_settings_neither_narrow_nor_break_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A -k that matches no check would make it a run of 0 checks, "PASS".
    settings = f"-k no_check_is_named_this --junitxml={tmp_path / 'missing' / 'j.xml'}"
    monkeypatch.setenv("PYTEST_ADDOPTS", settings)
    # Without autoloading, the session would lack pytest-bdd and the harness's plugin.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    report = tmp_path / "report.json"
    code, output = invoke_cli("run", "--profile", "cards", "--json", str(report))
    assert code == 0, output
    checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
    assert [c["id"] for c in checks] == sorted(s.id for s in load_specs() if s.profile == "cards")
    assert {c["outcome"] for c in checks} == {"passed"}
    assert os.environ["PYTEST_ADDOPTS"] == settings
    assert os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"
