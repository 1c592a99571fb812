"""A plain-text transcript of each check, for QA: who said what to whom, in order."""

from __future__ import annotations

import json
import os
import textwrap
from typing import Any

from harness.reports.conversation import (
    FAILED_STEP,
    OFFENDING_STEP,
    describe_notification,
    failed_step,
)
from harness.reports.evidence import RTL_RUN
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import CheckResult, Outcome, RunReport

# Lines longer than this wrap onto indented continuation lines.
WIDTH = 100
MARK = "✗"
# The closing list of every captured send repeats what the steps already showed.
SKIPPED_STEPS = {"messages the implementation sent", OFFENDING_STEP, FAILED_STEP}


def render_transcript(report: RunReport, redactor: Redactor) -> str:
    summary = report.summary()
    verdict = report.verdict().value
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
    outcome = result.outcome.value.upper()
    if result.partly:
        outcome += f" (partly: {result.partial})"
    lines = [
        f"== {spec.id} {spec.level.value} {outcome}: {spec.title}",
        f"   checklist: {', '.join(spec.lines) or '-'}",
    ]
    offending = {
        index
        for item in result.evidence
        if item.get("step") == OFFENDING_STEP
        for index in item.get("offending_sends") or []
    }
    for item in result.evidence:
        if item.get("step") not in SKIPPED_STEPS:
            lines += _step(item, redactor, offending)
    where = failed_step({"evidence": result.evidence})
    if where:
        lines.append(f"   failed at: {where}")
    if result.message:
        lines.append(f"   => {result.message}")
    if result.blocked_by:
        lines.append(f"   blocked by: {result.blocked_by}")
    return [wrapped for line in lines for wrapped in _wrap(redactor.text(line))]


def _step(item: dict[str, Any], redactor: Redactor, offending: set[int]) -> list[str]:
    example = f"[{item['example']}] " if item.get("example") else ""
    step = item.get("step", "")
    if "method" in item and isinstance(item.get("answer"), dict):
        answer = item["answer"]
        signature = f", signature {item['signature']}" if item.get("signature") else ""
        elapsed = f" in {answer.get('elapsed_s', 0) * 1000:.0f} ms"
        head = f"   {example}Meta -> {item['method']} {item.get('path', '')} ({step}{signature})"
        lines = [f"{head} => {answer.get('status')}{elapsed}"]
        if item.get("decoded") is not None:
            lines.append(f"        {_isolated(describe_notification(item['decoded']))}")
    elif "request" in item:
        answer = "" if item.get("answer") is None else f" => {_compact(item['answer'])}"
        lines = [f"   {example}harness -> {step} {_compact(item['request'])}{answer}"]
    elif isinstance(item.get("send"), dict):
        send = item["send"]
        lines = [_marked(f"   {example}{step}: implementation -> {_send(send)}", send, offending)]
    else:
        rest = {k: v for k, v in item.items() if k not in ("step", "example")}
        lines = [f"   {example}{step}: {_compact(rest)}"]
    indices = item.get("sent") or []
    for position, sent in enumerate(item.get("caused") or []):
        line = f"        implementation -> {_isolated(sent)}"
        index = indices[position] if position < len(indices) else None
        lines.append(_marked(line, {"index": index}, offending))
    return lines


def _marked(line: str, send: dict[str, Any], offending: set[int]) -> str:
    """Point at the send that broke the rule, at the start and the end of its line."""
    if send.get("index") not in offending:
        return line
    indent = len(line) - len(line.lstrip(" "))
    return f"{' ' * max(indent - 2, 0)}{MARK} {line.lstrip(' ')}  <== broke the rule"


def _send(send: dict[str, Any]) -> str:
    payload = send.get("payload") if isinstance(send.get("payload"), dict) else {}
    return f"to {send.get('recipient')}: {(payload or {}).get('type', '?')} -> {send.get('status')}"


def _isolated(text: str) -> str:
    """Arabic runs wrapped in FSI/PDI, so "«…» -> 200" keeps its order in a bidi viewer."""
    return RTL_RUN.sub(lambda m: f"\u2068{m.group()}\u2069", text)


def _compact(value: Any) -> str:
    # JSON is left exactly as sent: isolates inside it would be bytes nobody sent, and
    # copying a command out of the transcript must give the real one.
    if isinstance(value, str):
        return _isolated(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _wrap(line: str) -> list[str]:
    """Long lines wrap under their own indent; nothing is cut off."""
    if len(line) <= WIDTH:
        return [line]
    indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
    return textwrap.wrap(
        line,
        WIDTH,
        subsequent_indent=indent,
        break_long_words=True,
        break_on_hyphens=False,
        drop_whitespace=True,
    )
