"""A plain-text transcript of each check, for QA: who said what to whom, in order."""

from __future__ import annotations

import json
import os
from typing import Any

from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import CheckResult, Outcome, RunReport

SHOWN_CHARS = 160
# The closing list of every captured send repeats what the steps already showed.
SKIPPED_STEPS = {"messages the implementation sent"}


def render_transcript(report: RunReport, redactor: Redactor) -> str:
    summary = report.summary()
    verdict = "FAIL" if report.blocking() else "PASS"
    lines = [
        f"wa-harness {report.harness_version} transcript: {report.target}",
        f"started {report.started_at}, {report.duration_s:.2f} s, seed {report.seed}; "
        f"verdict {verdict} "
        f"({summary['passed']} passed, {summary['failed']} failed, "
        f"{summary['errors']} errors, {summary['skipped']} skipped)",
    ]
    for result in report.results:
        lines += ["", *_check(result, redactor)]
        if result.outcome in (Outcome.FAILED, Outcome.ERROR):
            rerun = report.reproducer(result)
            lines += [f"   reproduce: {rerun}"] if rerun else []
    return redactor.text("\n".join(lines) + "\n")


def write_transcript(report: RunReport, path: str | os.PathLike[str], redactor: Redactor) -> None:
    write_text(path, render_transcript(report, redactor), redactor)


def _check(result: CheckResult, redactor: Redactor) -> list[str]:
    spec = result.spec
    lines = [
        f"== {spec.id} {spec.level.value} {result.outcome.value.upper()}: {spec.title}",
        f"   checklist: {', '.join(spec.lines) or '-'}",
    ]
    for item in result.evidence:
        if item.get("step") not in SKIPPED_STEPS:
            lines += _step(item, redactor)
    if result.message:
        lines.append(f"   => {result.message}")
    return lines


def _step(item: dict[str, Any], redactor: Redactor) -> list[str]:
    example = f"[{item['example']}] " if item.get("example") else ""
    step = item.get("step", "")
    if "method" in item and isinstance(item.get("answer"), dict):
        answer = item["answer"]
        signature = f", signature {item['signature']}" if item.get("signature") else ""
        elapsed = f" in {answer.get('elapsed_s', 0) * 1000:.0f} ms"
        head = f"   {example}Meta -> {item['method']} {item.get('path', '')} ({step}{signature})"
        lines = [f"{head} => {answer.get('status')}{elapsed}"]
    elif "request" in item:
        answer = "" if item.get("answer") is None else f" => {_compact(item['answer'], redactor)}"
        lines = [f"   {example}harness -> {step} {_compact(item['request'], redactor)}{answer}"]
    else:
        rest = {k: v for k, v in item.items() if k not in ("step", "example")}
        lines = [f"   {example}{step}: {_compact(rest, redactor)}"]
    lines += [f"        implementation -> {sent}" for sent in item.get("caused") or []]
    return lines


def _compact(value: Any, redactor: Redactor) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return redactor.clip(text, SHOWN_CHARS)
