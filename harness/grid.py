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
from pathlib import Path
from typing import Any

from harness.errors import HarnessError, UsageError
from harness.reports.grid import (
    TargetRun,
    format_grid,
    labels,
    write_grid_html,
    write_grid_json,
)
from harness.reports.redaction import Redactor
from harness.reports.writing import ReportPaths
from harness.run_options import RUN_OPTIONS
from harness.settings import ENV_ACCESS_TOKEN, ENV_APP_SECRET, ENV_VERIFY_TOKEN, HarnessSettings

# Each child run is mostly waiting on its target; two per core keeps the machine busy.
PARALLEL_PER_CPU = 2


def grade_targets(
    targets: Sequence[str],
    settings: HarnessSettings,
    child_args: Sequence[str],
    reports: ReportPaths | None = None,
) -> list[TargetRun]:
    """Run ``wa-harness run --target T`` for every target at once; answer them in order.

    Each target's full JSON (and HTML, when the grid has a page) is written beside the
    grid's own file, named after the grid and the target's column (``grid-1.html``).
    """
    if len(set(targets)) != len(targets):
        raise UsageError("each --target may be given once")
    # Secrets travel in the environment, never on a command line others can read.
    env = {
        **os.environ,
        ENV_APP_SECRET: settings.app_secret,
        ENV_ACCESS_TOKEN: settings.access_token,
        ENV_VERIFY_TOKEN: settings.verify_token,
    }
    reports = reports or ReportPaths()
    workers = max(1, min(len(targets), (os.cpu_count() or 1) * PARALLEL_PER_CPU))
    with (
        tempfile.TemporaryDirectory(prefix="wa-harness-grid-") as folder,
        ThreadPoolExecutor(workers) as pool,
    ):
        jobs = [
            pool.submit(
                _grade,
                target,
                _own_files(reports, i + 1),
                Path(folder) / f"{i + 1}.json",
                env,
                child_args,
            )
            for i, target in enumerate(targets)
        ]
        return [job.result() for job in jobs]


def _own_files(reports: ReportPaths, column: int) -> dict[str, str]:
    """Where one target's own reports go: beside the grid's files (``grid-1.html``)."""
    files = {}
    for kind, grid_path in (("json", reports.json), ("html", reports.html)):
        if grid_path:
            path = Path(grid_path)
            files[kind] = str(path.with_name(f"{path.stem}-{column}{path.suffix}"))
    return files


def _grade(
    target: str,
    files: Mapping[str, str],
    scratch: Path,
    env: Mapping[str, str],
    child_args: Sequence[str],
) -> TargetRun:
    # Without a grid JSON the target's JSON still feeds the grid, from a scratch file.
    report_path = Path(files.get("json") or scratch)
    command = [
        sys.executable,
        "-c",
        "from harness.cli import main; main()",
        "run",
        "--target",
        target,
        "--json",
        str(report_path),
        *(["--html", files["html"]] if "html" in files else []),
        *child_args,
    ]
    try:
        finished = subprocess.run(
            command, env=dict(env), capture_output=True, text=True, check=False, timeout=3600
        )
    except subprocess.TimeoutExpired:
        raise HarnessError(f"grading {target} did not finish within an hour") from None
    report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else {}
    kept = {kind: path for kind, path in files.items() if Path(path).exists()}
    return TargetRun(target, finished.returncode, report, finished.stdout + finished.stderr, kept)


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
    "partial_as_not_run",
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
    runs = grade_targets(targets, settings, arguments, reports)
    redactor = Redactor(settings.secrets())
    written: dict[str, str] = {}
    if reports.json:
        write_grid_json(reports.json, runs, redactor)
        written["grid json"] = reports.json
    if reports.html:
        write_grid_html(reports.html, runs, redactor)
        written["grid html"] = reports.html
    for name, run in zip(labels(runs), runs, strict=True):
        for kind, path in run.files.items():
            written[f"{name} {kind}"] = path
    print(redactor.text(format_grid(runs, written)))
    return grid_exit_code(runs)


def grid_exit_code(runs: Sequence[TargetRun]) -> int:
    """2 if a target could not be graded, else 1 if one failed, 3 if one was incomplete."""
    codes = {run.exit_code for run in runs}
    return next((code for code in (2, 1, 3) if code in codes), max(codes))
