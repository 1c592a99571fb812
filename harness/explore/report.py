"""Findings as QA reads them: numbered conversations, JSON, and replayable .feature files."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

from harness.checks.judgments import LAWS
from harness.explore.search import Exploration
from harness.settings import HarnessSettings

FEATURE_FILE = "explored.feature"


def check_id(number: int) -> str:
    """The check id of the ``number``-th exported scenario (1-based)."""
    return f"XPL-{number:03d}"


def target_flags(settings: HarnessSettings) -> list[str]:
    flags = ["--target-file", settings.target_file] if settings.target_file else []
    flags = flags or ["--target", settings.target]
    if settings.target_cmd:
        flags += ["--target-cmd", settings.target_cmd]
    return flags


def reproducer(
    settings: HarnessSettings, result: Exploration, exported: Path | None, n: int
) -> str:
    """One line that shows the ``n``-th finding again."""
    if exported is not None:
        parts = ["wa-harness", "run", *target_flags(settings), "--features", str(exported)]
        parts += ["--check", check_id(n)]
    else:
        parts = ["wa-harness", "explore", *target_flags(settings), "--seed", str(result.seed)]
        parts += ["--budget", f"{result.budget_s:g}", "--max-steps", str(result.max_steps)]
    return shlex.join(parts)


def show_progress(result: Exploration) -> None:
    """The progress line, redrawn in place, on a terminal only."""
    if sys.stderr.isatty():
        sys.stderr.write(
            f"\rexplore: {result.elapsed_s:5.1f}/{result.budget_s:g} s  round {result.rounds}  "
            f"{len(result.findings)} finding(s)  {result.dropped} dropped"
        )
        sys.stderr.flush()


def lines(
    settings: HarnessSettings, result: Exploration, exported: Path | None = None
) -> list[str]:
    """The terminal report: each finding's rule, conversation and reproducer, then totals."""
    out: list[str] = []
    for n, finding in enumerate(result.findings, 1):
        out.append(f"{finding.rule_id} {finding.level}: {finding.says}")
        out.append(f"  broken: {finding.text}")
        out += [f"  {i}. {step.line()}" for i, step in enumerate(finding.steps, 1)]
        out.append(f"  seed {finding.seed}; reproduce: {reproducer(settings, result, exported, n)}")
    state = "interrupted: " if result.interrupted else ""
    out.append(
        f"{state}{len(result.findings)} finding(s), {result.dropped} dropped as not "
        f"reproducible; {result.steps} steps in {result.rounds} round(s), "
        f"{result.elapsed_s:.1f} s, seed {result.seed}"
    )
    return out


def as_json(
    settings: HarnessSettings, result: Exploration, exported: Path | None = None
) -> dict[str, Any]:
    findings = [
        {
            "rule": f.rule_id,
            "level": f.level,
            "rule_says": f.says,
            "lines": list(LAWS[f.rule_id].lines),
            "broken": f.text,
            "steps": [step.line() for step in f.steps],
            "seed": f.seed,
            "reproduce": reproducer(settings, result, exported, n),
        }
        for n, f in enumerate(result.findings, 1)
    ]
    return {
        "seed": result.seed,
        "findings": findings,
        "dropped": result.dropped,
        "steps": result.steps,
        "rounds": result.rounds,
        "elapsed_s": round(result.elapsed_s, 3),
        "interrupted": result.interrupted,
    }


def feature_text(result: Exploration) -> str:
    """One scenario per finding, in the harness's step vocabulary."""
    out = [
        "@profile:flow",
        f"Feature: Conversations found by wa-harness explore (seed {result.seed})",
        "  Each scenario is the shortest conversation found that broke the rule it names.",
    ]
    for n, finding in enumerate(result.findings, 1):
        law = LAWS[finding.rule_id]
        tags = " ".join([f"@{check_id(n)}", f"@{law.level}", *(f"@line:{x}" for x in law.lines)])
        out += ["", f"  {tags}", f"  Scenario: {finding.rule_id} {law.says}"]
        for i, step in enumerate(finding.steps):
            keyword = "Given" if step.action == "configure" else ("When" if i == 0 else "And")
            if i > 0 and step.action != "configure" and finding.steps[i - 1].action == "configure":
                keyword = "When"
            out.append(f"    {keyword} {step.line()}")
        out.append(f'    Then the explored conversation kept rule "{finding.rule_id}"')
    return "\n".join(out) + "\n"


def export(result: Exploration, folder: str) -> Path:
    """Write the findings' scenarios into ``folder``; answer the folder."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    (path / FEATURE_FILE).write_text(feature_text(result), encoding="utf-8")
    return path


def write_json(
    settings: HarnessSettings, result: Exploration, file: str, exported: Path | None
) -> None:
    data = as_json(settings, result, exported)
    Path(file).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
