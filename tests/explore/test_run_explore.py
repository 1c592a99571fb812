"""``wa-harness run --explore SECONDS``: after the checks, exploration's confirmed findings
join the run as checks (XPL-001…) in every report and in the verdict."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from harness.reports.json_report import report_schema
from tests.cli_support import ROOT, WA_HARNESS, wa_harness

# Nothing sent to an operator who has not opted in: four_buttons passes it, so a failed
# run can only come from exploration.
ONE_CHECK = ("--check", "FLW-001", "--settle", "0.2")
SCHEMA = report_schema()

pytest_plugins = ["pytester"]


def _reports(folder: Path) -> dict[str, Path]:
    return {
        "json": folder / "run.json",
        "junit": folder / "run.xml",
        "html": folder / "run.html",
        "cucumber-json": folder / "cucumber.json",
        "transcript": folder / "run.txt",
    }


def _report_flags(paths: dict[str, Path]) -> list[str]:
    return [part for flag, path in paths.items() for part in (f"--{flag}", str(path))]


def test_a_finding_fails_the_run_and_shows_in_every_report(tmp_path: Path) -> None:
    paths = _reports(tmp_path)
    target = "python:harness.examples.four_buttons"

    done = wa_harness(
        "run", "--target", target, *ONE_CHECK, "--explore", "3", *_report_flags(paths)
    )

    assert done.returncode == 1, done.stdout + done.stderr
    # The terminal: the finding's conversation as numbered steps, then as a failed check.
    assert "  1. the explorer opts in operator A" in done.stdout
    assert "FAIL   XPL-001  MUST    INV-001: no send had more than 3 buttons" in done.stdout
    assert "Verdict: FAIL" in done.stdout
    assert "Traceback" not in done.stderr

    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"] == "FAIL"
    found = {c["id"]: c for c in data["checks"] if c["id"].startswith("XPL-")}
    first = found["XPL-001"]
    assert (first["outcome"], first["level"], first["profile"]) == ("failed", "MUST", "explore")
    assert first["lines"] == ["T1", "X1"]
    assert first["message"].startswith("INV-001 (no send had more than 3 buttons) broken")
    steps = [e["request"] for e in first["evidence"] if e["step"].startswith("explored step")]
    assert steps[0] == "the explorer opts in operator A"
    assert first["reproduce"] == (
        f"wa-harness explore --target {target} --seed 0 --budget 3 --max-steps 16"
    )

    cases = {c.get("name", "").split()[0]: c for c in ET.parse(paths["junit"]).iter("testcase")}
    failure = cases["XPL-001"].find("failure")
    assert failure is not None
    assert failure.get("type") == "MUST"
    assert "the explorer opts in operator A" in (failure.text or "")

    features = json.loads(paths["cucumber-json"].read_text(encoding="utf-8"))
    scenarios = {
        tag["name"]: element
        for feature in features
        for element in feature["elements"]
        for tag in element["tags"]
    }
    statuses = {step["result"]["status"] for step in scenarios["@XPL-001"]["steps"]}
    assert "failed" in statuses

    html = paths["html"].read_text(encoding="utf-8")
    assert 'id="check-XPL-001"' in html
    assert "explored step 1" in html
    assert "the explorer opts in operator A" in html
    transcript = paths["transcript"].read_text(encoding="utf-8")
    assert "harness -> explored step 1 the explorer opts in operator A" in transcript


def test_without_explore_the_same_run_passes() -> None:
    done = wa_harness("run", "--target", "python:harness.examples.four_buttons", *ONE_CHECK)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "XPL-" not in done.stdout
    assert "Exploring" not in done.stdout


def test_the_reference_passes_and_the_summary_says_exploration_found_nothing() -> None:
    done = wa_harness("run", "--target", "python:harness.reference", *ONE_CHECK, "--explore", "2")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Exploring python:harness.reference for 2 s after the checks, seed 0" in done.stdout
    assert "Exploration found nothing: no rule of the design broken (" in done.stdout
    assert "Verdict: PASS" in done.stdout


def test_a_findings_reproducer_shows_it_again() -> None:
    target = "python:harness.examples.four_buttons"
    done = wa_harness("run", "--target", target, *ONE_CHECK, "--explore", "3", "--seed", "2")
    line = next(
        part.strip().removeprefix("reproduce: ")
        for part in done.stdout.splitlines()
        if part.strip().startswith("reproduce: wa-harness explore")
    )
    assert "--seed 2" in line

    again = wa_harness(*line.split()[1:])

    assert again.returncode == 1, again.stdout + again.stderr
    assert "INV-001 MUST: no send had more than 3 buttons" in again.stdout


def test_parallel_shards_explore_once_after_merging(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    done = wa_harness(
        "run",
        "--target",
        "python:harness.examples.four_buttons",
        "--check",
        "FLW-001,FLW-002",
        "--explore",
        "3",
        "--parallel",
        "2",
        "--json",
        str(out),
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.count("Exploring python:harness.examples.four_buttons") == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert "XPL-001" in [c["id"] for c in data["checks"]]
    # The target's own logging during exploration stays out of the run's output.
    assert "Graph API refused a send" not in done.stderr


def test_ctrl_c_while_exploring_reports_what_was_found_so_far(tmp_path: Path) -> None:
    out, err = tmp_path / "run.json", tmp_path / "stderr.txt"
    command = [WA_HARNESS, "run", "--target", "python:harness.reference", *ONE_CHECK]
    command += ["--explore", "120", "--json", str(out)]
    with (
        err.open("w", encoding="utf-8") as errors,
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True, env=os.environ
        ) as process,
    ):
        assert process.stdout is not None
        lines = iter(process.stdout.readline, "")
        assert any(line.startswith("Exploring python:harness.reference") for line in lines)
        time.sleep(2)
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)

    assert process.returncode == 0, rest + err.read_text(encoding="utf-8")
    assert "Exploration interrupted: 0 finding(s) so far (" in rest
    assert "Verdict: PASS" in rest
    assert json.loads(out.read_text(encoding="utf-8"))["verdict"] == "PASS"
    assert "Traceback" not in err.read_text(encoding="utf-8")


def test_the_plugin_front_end_explores_with_wa_explore(pytester: pytest.Pytester) -> None:
    report = pytester.path / "run.json"
    result = pytester.runpytest_inprocess(
        "--wa-target",
        "python:harness.examples.four_buttons",
        "--wa-check",
        "FLW-001",
        "--wa-settle",
        "0.2",
        "--wa-explore",
        "3",
        "--wa-json",
        str(report),
    )

    output = "\n".join(result.outlines)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output
    assert "wa-harness exploration" in output
    assert "XPL-001" in output
    assert json.loads(report.read_text(encoding="utf-8"))["verdict"] == "FAIL"


def test_the_plugin_front_end_passes_the_reference_after_exploring(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.runpytest_inprocess(
        "--wa-target", "python:harness.reference", "--wa-check", "FLW-001", "--wa-explore", "2"
    )

    output = "\n".join(result.outlines)
    assert result.ret == pytest.ExitCode.OK, output
    assert "Exploration found nothing" in output


def test_an_exploration_that_cannot_start_leaves_the_run_incomplete(tmp_path: Path) -> None:
    (tmp_path / "builders_only.py").write_text(
        '"""A card builder alone: no app to deliver to, no control."""\n'
        "import harness.reference as _reference\n\n"
        "build_opportunity_card = _reference.build_opportunity_card\n",
        encoding="utf-8",
    )
    path = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(tmp_path)]))
    target = ("--target", "python:builders_only", "--check", "BTN-001")

    graded = wa_harness("run", *target, env={"PYTHONPATH": path})
    done = wa_harness("run", *target, "--explore", "2", env={"PYTHONPATH": path})

    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Exploration could not run: python:builders_only offers no app" in done.stdout
    assert "SKIP   XPL-000  MUST" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_an_http_target_started_with_target_cmd_is_explored_after_its_checks(
    tmp_path: Path,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = f"{sys.executable} -m tests.sample_targets.serve duplicate_acted_twice"
    out = tmp_path / "run.json"

    done = wa_harness(
        "run",
        "--target",
        f"http://127.0.0.1:{port}",
        "--target-cmd",
        serve,
        *ONE_CHECK,
        "--explore",
        "30",
        "--json",
        str(out),
        timeout=240,
    )

    assert done.returncode == 1, done.stdout + done.stderr
    found = json.loads(out.read_text(encoding="utf-8"))["checks"]
    assert ("FLW-001", "passed") in [(c["id"], c["outcome"]) for c in found]
    rules = [c["title"].split(":")[0] for c in found if c["id"].startswith("XPL-")]
    assert "EXP-004" in rules


def test_explore_with_several_targets_is_a_usage_error() -> None:
    done = wa_harness(
        "run",
        "--target",
        "python:harness.reference",
        "--target",
        "python:harness.examples.four_buttons",
        "--explore",
        "2",
    )

    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "--explore takes one --target; explore each target by itself (see 'wa-harness run --help')"
    )
