"""The grid of several targets: one row per check, one cell per target, in every format.

Built from each target's own JSON report only, so a cell says exactly what a run of that
target alone reported; each target's full report is kept inside the grid's JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from harness.reports.html import environment
from harness.reports.output import write_text
from harness.reports.redaction import Redactor

MARKS = {"passed": "pass", "failed": "FAIL", "skipped": "skip", "error": "ERR", "": "-"}
# A target that wrote no report could not be graded (a usage or target problem).
NOT_GRADED = "NOT GRADED"
# Worst first: the grid's own verdict is the worst of its targets'.
VERDICT_ORDER = (NOT_GRADED, "FAIL", "INCOMPLETE", "PASS")
GRID_VERSION = 1


@dataclass(frozen=True, slots=True)
class TargetRun:
    """One target's run: its exit code, its JSON report ({} when it wrote none), its output."""

    target: str
    exit_code: int
    report: Mapping[str, Any]
    output: str
    # Where this target's own full reports were written, by format ("html", "json").
    files: Mapping[str, str] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return str(self.report.get("verdict") or NOT_GRADED)

    def error(self) -> str:
        """Why there is no report: the last line the run printed."""
        if self.report:
            return ""
        lines = [line for line in self.output.strip().splitlines() if line.strip()]
        return lines[-1] if lines else "no output"


def labels(runs: Sequence[TargetRun]) -> list[str]:
    """Short names for the columns, ``#1 cold_outreach``; never T1.. (checklist lines)."""
    shorts = [_short(run.target) for run in runs]
    return [
        f"#{i + 1} {short}" if shorts.count(short) == 1 else f"#{i + 1}"
        for i, short in enumerate(shorts)
    ]


def _short(target: str) -> str:
    if target.startswith("python:"):
        return target.removeprefix("python:").rsplit(".", 1)[-1].split(":", 1)[0]
    return target.split("://", 1)[-1].rstrip("/")


def grid_verdict(runs: Sequence[TargetRun]) -> str:
    """The worst verdict among the targets (NOT GRADED when one wrote no report)."""
    verdicts = [run.verdict for run in runs]
    return next((v for v in VERDICT_ORDER if v in verdicts), "PASS")


def grid_rows(runs: Sequence[TargetRun]) -> list[dict[str, Any]]:
    """One row per check (in report order): id, level, title, profile, one cell per target."""
    rows: dict[str, dict[str, Any]] = {}
    for run in runs:
        for check in run.report.get("checks", []):
            rows.setdefault(
                check["id"],
                {
                    "id": check["id"],
                    "level": check["level"],
                    "title": check["title"],
                    "profile": check["profile"],
                },
            )
    for row in rows.values():
        row["cells"] = [_cell(run, row["id"]) for run in runs]
    return list(rows.values())


def _cell(run: TargetRun, check_id: str) -> dict[str, Any]:
    check = next((c for c in run.report.get("checks", []) if c["id"] == check_id), None)
    if check is None:
        return {"outcome": "", "message": "", "partial": "", "blocked_by": None}
    return {
        "outcome": check["outcome"],
        "message": check.get("message", ""),
        "partial": check.get("partial", ""),
        "blocked_by": check.get("blocked_by"),
    }


def grid_json(runs: Sequence[TargetRun], redactor: Redactor) -> dict[str, Any]:
    """The grid as JSON (grid.schema.json): targets with their full reports, then the rows."""
    names = labels(runs)
    targets = [
        {
            "label": name,
            "target": run.target,
            "exit_code": run.exit_code,
            "verdict": run.verdict,
            "seed": run.report.get("seed"),
            "summary": run.report.get("summary"),
            "error": run.error(),
            "files": dict(run.files),
            "report": dict(run.report) or None,
        }
        for name, run in zip(names, runs, strict=True)
    ]
    doc = {
        "grid_version": GRID_VERSION,
        "verdict": grid_verdict(runs),
        "labels": names,
        "targets": targets,
        "checks": grid_rows(runs),
    }
    masked: dict[str, Any] = redactor.data(doc)
    return masked


def grid_schema() -> dict[str, Any]:
    """The JSON Schema of the grid (it refers to report.schema.json for each full report)."""
    return _schema("grid.schema.json")


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("harness.reports").joinpath(f"schemas/{name}").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def format_grid(
    runs: Sequence[TargetRun], written: Mapping[str, str] | None = None, *, width: int = 100
) -> str:
    """The terminal grid: a legend, checks down and targets across, a verdict, the files."""
    names = labels(runs)
    out = ["Targets:"]
    for name, run in zip(names, runs, strict=True):
        summary = run.report.get("summary") or {}
        counts = ", ".join(
            f"{summary[k]} {k}" for k in ("passed", "failed", "errors") if k in summary
        )
        seed = f", seed {run.report['seed']}" if run.report.get("seed") is not None else ""
        detail = counts + seed if run.report else run.error()
        out.append(f"  {name} = {run.target}: {run.verdict} ({detail})")
    out.append("")
    head = "  ".join(f"{f'#{i + 1}':>4}" for i in range(len(runs)))
    fixed = f"{'check':<8}  {'level':<6}  {head}  "
    out.append(f"{fixed}title")
    room = max(width - len(fixed), 10)
    for row in grid_rows(runs):
        marks = "  ".join(f"{_mark(cell):>4}" for cell in row["cells"])
        title = row["title"] if len(row["title"]) <= room else row["title"][: room - 1] + "…"
        out.append(f"{row['id']:<8}  {row['level']:<6}  {marks}  {title}")
    out += ["", "(pass* = passed in part; ERR = error; - = not in that target's run)"]
    out += ["", f"Verdict: {grid_verdict(runs)} - " + _verdicts(names, runs)]
    if written:
        out += ["", "Reports written:"]
        width_of = max(len(name) for name in written)
        out += [f"  {name.ljust(width_of)}  {path}" for name, path in written.items()]
    return "\n".join(out)


def _verdicts(names: Sequence[str], runs: Sequence[TargetRun]) -> str:
    return ", ".join(f"{name} {run.verdict}" for name, run in zip(names, runs, strict=True))


def _mark(cell: Mapping[str, Any]) -> str:
    mark = MARKS[cell["outcome"]]
    return f"{mark}*" if cell["outcome"] == "passed" and cell["partial"] else mark


def render_grid_html(runs: Sequence[TargetRun], redactor: Redactor, page: str = "") -> str:
    """The grid page; links to each target's own report are relative to ``page``."""
    doc = grid_json(runs, redactor)
    folder = Path(page).parent if page else Path()
    for target in doc["targets"]:
        target["links"] = {
            kind: os.path.relpath(path, folder) if page else path
            for kind, path in target["files"].items()
        }
    return environment().get_template("grid.html.j2").render(doc=doc, marks=MARKS)


def write_grid_html(path: str, runs: Sequence[TargetRun], redactor: Redactor) -> None:
    """Write the grid page to path."""
    write_text(path, render_grid_html(runs, redactor, path), redactor)


def write_grid_json(path: str, runs: Sequence[TargetRun], redactor: Redactor) -> None:
    """Write the grid JSON to path."""
    text = json.dumps(grid_json(runs, redactor), ensure_ascii=False, indent=2) + "\n"
    write_text(path, text, redactor)
