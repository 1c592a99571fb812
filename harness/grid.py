"""Several targets at once: each graded by ``wa-harness run`` in a process of its own, in
parallel, and shown side by side (targets x checks), as conformance suites show several
implementations in one grid.

Each child writes its own JSON report; the grid is built from those documents only, so it
shows exactly what a single run of each target would have reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from harness.errors import HarnessError, UsageError
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.reports.writing import ReportPaths
from harness.run_options import RUN_OPTIONS
from harness.settings import ENV_ACCESS_TOKEN, ENV_APP_SECRET, ENV_VERIFY_TOKEN, HarnessSettings

MARKS = {"passed": "pass", "failed": "FAIL", "skipped": "skip", "error": "ERR", "": "-"}
# Each child run is mostly waiting on its target; two per core keeps the machine busy.
PARALLEL_PER_CPU = 2


@dataclass(frozen=True, slots=True)
class TargetRun:
    """One target's run: its exit code and its JSON report (empty when it wrote none)."""

    target: str
    exit_code: int
    report: Mapping[str, Any]
    output: str

    def outcomes(self) -> dict[str, str]:
        return {c["id"]: c["outcome"] for c in self.report.get("checks", [])}


def grade_targets(
    targets: Sequence[str], settings: HarnessSettings, child_args: Sequence[str]
) -> list[TargetRun]:
    """Run ``wa-harness run --target T`` for every target at once; answer them in order."""
    if len(set(targets)) != len(targets):
        raise UsageError("each --target may be given once")
    # Secrets travel in the environment, never on a command line others can read.
    env = {
        **os.environ,
        ENV_APP_SECRET: settings.app_secret,
        ENV_ACCESS_TOKEN: settings.access_token,
        ENV_VERIFY_TOKEN: settings.verify_token,
    }
    workers = max(1, min(len(targets), (os.cpu_count() or 1) * PARALLEL_PER_CPU))
    with (
        tempfile.TemporaryDirectory(prefix="wa-harness-grid-") as folder,
        ThreadPoolExecutor(workers) as pool,
    ):
        jobs = [
            pool.submit(_grade, target, Path(folder) / f"{i}.json", env, child_args)
            for i, target in enumerate(targets)
        ]
        return [job.result() for job in jobs]


def _grade(
    target: str, report_path: Path, env: Mapping[str, str], child_args: Sequence[str]
) -> TargetRun:
    command = [
        sys.executable,
        "-c",
        "from harness.cli import main; main()",
        "run",
        "--target",
        target,
        "--json",
        str(report_path),
        *child_args,
    ]
    try:
        finished = subprocess.run(
            command, env=dict(env), capture_output=True, text=True, check=False, timeout=3600
        )
    except subprocess.TimeoutExpired:
        raise HarnessError(f"grading {target} did not finish within an hour") from None
    report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else {}
    return TargetRun(target, finished.returncode, report, finished.stdout + finished.stderr)


def grid_rows(runs: Sequence[TargetRun]) -> list[dict[str, Any]]:
    """One row per check (in the order the runs list them): id, level, title, outcomes."""
    rows: dict[str, dict[str, Any]] = {}
    for run in runs:
        for check in run.report.get("checks", []):
            row = rows.setdefault(
                check["id"],
                {"id": check["id"], "level": check["level"], "title": check["title"]},
            )
            row.setdefault("outcomes", {})[run.target] = check["outcome"]
    return list(rows.values())


def grid_json(runs: Sequence[TargetRun]) -> dict[str, Any]:
    """The side-by-side report as JSON: every target with its summary, every check's row."""
    return {
        "targets": [
            {
                "target": run.target,
                "exit_code": run.exit_code,
                "summary": run.report.get("summary", {}),
                "error": "" if run.report else _last_line(run.output),
            }
            for run in runs
        ],
        "checks": grid_rows(runs),
    }


def format_grid(runs: Sequence[TargetRun]) -> str:
    """A terminal table: checks down, targets across (numbered, with a legend)."""
    rows = grid_rows(runs)
    head = "  ".join(f"{f'T{i + 1}':>4}" for i in range(len(runs)))
    lines = [f"{'check':<10} {'level':<6}  {head}"]
    for row in rows:
        marks = "  ".join(f"{MARKS[row['outcomes'].get(run.target, '')]:>4}" for run in runs)
        lines.append(f"{row['id']:<10} {row['level']:<6}  {marks}")
    for i, run in enumerate(runs):
        note = "" if run.report else f": {_last_line(run.output)}"
        lines.append(f"T{i + 1} = {run.target} ({_verdict(run)}{note})")
    return "\n".join(lines)


def write_grid_html(path: str, runs: Sequence[TargetRun], redactor: Redactor) -> None:
    """A self-contained HTML grid: one column per target, one row per check."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("harness.reports", "templates"), autoescape=True
    )
    page = environment.get_template("grid.html.j2").render(
        runs=[{"target": run.target, "verdict": _verdict(run)} for run in runs],
        rows=grid_rows(runs),
        marks=MARKS,
    )
    write_text(path, page, redactor)


def _verdict(run: TargetRun) -> str:
    return {0: "passed", 1: "failed"}.get(run.exit_code, "error")


def _last_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


# How each option of ``wa-harness run`` is handed on to the child runs.
# Options every child run is given as the parent was; secrets reach them through the
# environment, and the rest cannot be shared.
_SHARED = (
    "control_path",
    "profiles",
    "phone_number_id",
    "graph",
    "timeout_s",
    "startup_timeout_s",
    "settle_s",
    "seed",
    "strict",
)
_FLAGS = {option.dest: f"--{option.flag}" for option in RUN_OPTIONS}
_NOT_WITH_SEVERAL = ("target_cmd", "target_file")


def run_grid(
    targets: Sequence[str],
    settings: HarnessSettings,
    options: Mapping[str, Any],
    reports: ReportPaths,
) -> int:
    """``wa-harness run`` with several ``--target``: grade all, print and write the grid."""
    for name in _NOT_WITH_SEVERAL:
        if options.get(name):
            raise UsageError(
                f"{_FLAGS[name]} takes one --target; start the servers and pass their URLs"
            )
    if reports.junit or reports.transcript or reports.cucumber:
        raise UsageError(
            "--junit, --transcript and --cucumber-json take one --target; use --json or --html"
        )
    arguments: list[str] = []
    for name in _SHARED:
        value = options.get(name)
        if value is True:
            arguments.append(_FLAGS[name])
        elif value is not None and value is not False:
            arguments += [_FLAGS[name], str(value)]
    print(f"grading {len(targets)} targets side by side", flush=True)
    runs = grade_targets(targets, settings, arguments)
    redactor = Redactor(settings.secrets())
    print(redactor.text(format_grid(runs)))
    if reports.json:
        text = json.dumps(grid_json(runs), ensure_ascii=False, indent=2)
        write_text(reports.json, text, redactor)
    if reports.html:
        write_grid_html(reports.html, runs, redactor)
    return max(run.exit_code for run in runs)
