"""Targets that die or hang mid-run: the run ends bounded and reports the one cause."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from harness.world import UNREACHABLE_LIMIT
from tests.hostile.conftest import server_cmd, target_cmd_run

# How the checks after a target stopped answering mid-run are told apart.
STOPPED = "blocked: the target stopped answering"


def _report(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _reports(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    json_path, html_path = tmp_path / "report.json", tmp_path / "report.html"
    return json_path, html_path, ["--json", str(json_path), "--html", str(html_path)]


def test_target_dying_mid_run_errors_the_rest(run_case: Any, tmp_path: Path) -> None:
    json_path, html_path, flags = _reports(tmp_path)
    ended = run_case(
        "target dies after 40 requests",
        *target_cmd_run(server_cmd("dying.py", "40")),
        "--timeout",
        "2",
        *flags,
        timeout=90,
    )
    ended.assert_no_traceback()
    assert ended.code == 1
    checks = _report(json_path)["checks"]
    outcomes = [c["outcome"] for c in checks if c["profile"] != "invariants"]
    first_error = outcomes.index("error")
    # It served the first checks, then everything after its death errors; none passes.
    assert outcomes[:first_error]
    assert set(outcomes[:first_error]) <= {"passed", "skipped"}
    assert set(outcomes[first_error:]) == {"error"}
    # The invariants judge the journal of sends, which is whole after the target died.
    invariants = [c for c in checks if c["profile"] == "invariants"]
    assert invariants
    assert {c["outcome"] for c in invariants} <= {"passed", "failed", "skipped"}, invariants
    died = [c for c in checks if "exited with code 7" in c["message"]]
    assert died, "the report should say that the target process exited"
    assert "exiting after 40 requests" in died[0]["message"]
    assert html_path.is_file()


def test_target_hanging_mid_run_ends_bounded_with_the_cause_named(
    run_case: Any, tmp_path: Path
) -> None:
    json_path, html_path, flags = _reports(tmp_path)
    ended = run_case(
        "target hangs on a webhook mid-run",
        *target_cmd_run(server_cmd("hanging.py", "30")),
        "--timeout",
        "2",
        *flags,
        timeout=90,
    )
    ended.assert_no_traceback()
    # It passed the preflight and was graded: hanging on a webhook fails the run (exit 1),
    # as dying does; exit 2 is for a target found unfit before grading.
    assert ended.code == 1, ended.stdout + ended.stderr
    report = _report(json_path)
    assert report["verdict"] == "FAIL"
    assert {c["outcome"] for c in report["checks"]} == {"passed", "skipped", "error"}
    errors = [c for c in report["checks"] if c["outcome"] == "error"]
    blocked = {c["id"] for c in errors if STOPPED in c["message"]}
    # Only the first checks to meet the hang wait out --timeout; they say what to try.
    met = [c for c in errors if c["id"] not in blocked]
    assert 1 <= len(met) <= UNREACHABLE_LIMIT, [c["message"] for c in met]
    assert "/webhook got no answer within 2 s" in met[0]["message"]
    assert all("check that it is not stuck" in c["message"] for c in met)
    # Every later check errors at once, and the summary gives them one cause.
    grouped = re.search(
        rf"Blocked by one cause:\n +{re.escape(STOPPED.removeprefix('blocked: '))}[^\n]*\n"
        r" +(\d+) checks: (.*)",
        ended.stdout,
    )
    assert grouped, ended.stdout
    assert set(grouped[2].split(", ")) == blocked
    assert int(grouped[1]) == len(blocked) > len(met)
    assert html_path.is_file()
