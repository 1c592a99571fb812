"""The bundled reference and the Node.js implementation pass every check, as users run them."""

from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness.checks.check_list import load_specs
from tests.cli_support import http_target, invoke_cli, outcomes, wa_harness

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

# Checks that need Python functions an HTTP target cannot offer.
BUILDER_ONLY = {
    *("BTN-014", "BTN-015", "PRS-001", "PRS-002", "PRS-003", "PRS-004"),
    *("NEG-011", "NEG-012"),  # parse_button_reply given near-miss reply ids
}


def test_make_run_grades_the_reference_in_process_with_every_check_passed(tmp_path: Path) -> None:
    paths = {
        kind: tmp_path / name
        for kind, name in [("json", "r.json"), ("junit", "j.xml"), ("html", "r.html")]
    }
    result = wa_harness("run", *(a for kind, p in paths.items() for a in (f"--{kind}", str(p))))

    assert result.returncode == 0, result.stdout + result.stderr
    found = outcomes(paths["json"])
    assert set(found) == {spec.id for spec in load_specs()}
    assert len(found) >= 40
    assert set(found.values()) == {"passed"}
    suite = ET.parse(paths["junit"]).getroot()
    assert (suite.get("failures"), suite.get("errors")) == ("0", "0")
    assert len(suite.findall("testcase")) == len(found)
    html = paths["html"].read_text(encoding="utf-8")
    assert "BTN-001" in html
    assert '<span class="verdict PASS">PASS</span>' in html
    assert "Verdict: PASS" in result.stdout


def test_reference_over_http_passes_all_but_the_python_only_checks(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    command = f"{sys.executable} -m harness.reference"
    # In-process: the target is the process of its own here; the console script is above.
    code, output = invoke_cli("run", *http_target(command), "--json", str(report))

    assert code == 0, output
    found = outcomes(report)
    assert {i for i, o in found.items() if o == "skipped"} == BUILDER_ONLY
    assert {o for i, o in found.items() if i not in BUILDER_ONLY} == {"passed"}


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_node_implementation_is_graded_over_http_and_passes(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    server = Path("tests/sample_targets/node/server.js")
    result = wa_harness("run", *http_target(f"node {server}"), "--json", str(report))

    assert result.returncode == 0, result.stdout + result.stderr
    found = outcomes(report)
    assert {o for i, o in found.items() if i not in BUILDER_ONLY} == {"passed"}
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["target"].endswith("(started with --target-cmd)")


def test_the_fake_graph_api_can_be_chosen_as_a_loopback_server_for_a_python_target(
    tmp_path: Path,
) -> None:
    report = tmp_path / "r.json"
    # In-process: the console script is exercised above; a fresh interpreter adds nothing.
    code, output = invoke_cli(
        "run", "--graph", "loopback", "--profile", "flow", "--json", str(report)
    )

    assert code == 0, output
    assert set(outcomes(report).values()) == {"passed"}
    # The profile selected only its checks (this run doubles as the test of --profile).
    assert set(outcomes(report)) == {s.id for s in load_specs() if s.profile == "flow"}


def test_an_httpx_based_implementation_is_served_by_the_in_process_fake(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    target = "python:tests.sample_targets.httpx_client"
    code, output = invoke_cli("run", "--target", target, "--json", str(report))

    assert code == 0, output
    assert set(outcomes(report).values()) == {"passed"}
    data = json.loads(report.read_text(encoding="utf-8"))
    flow = next(c for c in data["checks"] if c["id"] == "FLW-015")
    assert any("sends" in item for item in flow["evidence"])
