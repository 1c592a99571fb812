"""A plain-text transcript of each check, for QA: who said what to whom, in order."""

from __future__ import annotations

import json
import os
import textwrap
from typing import Any

from harness.evidence import (
    BrokenBy,
    ControlCommand,
    Data,
    Delivered,
    Evidence,
    FailedAt,
    Handshake,
    JudgedSend,
    Note,
    Refused,
    Sends,
    SentMessage,
    WithCauses,
    failed_step,
)
from harness.evidence import offending as offending_sends
from harness.reports.conversation import describe_notification
from harness.reports.evidence import RTL_RUN, to_jsonable
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import CheckResult, Outcome, RunReport

# Lines longer than this wrap onto indented continuation lines.
WIDTH = 100
MARK = "✗"


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
    offending = offending_sends(result.evidence)
    for item in result.evidence:
        if not isinstance(item, Sends | BrokenBy | FailedAt):
            lines += _step(item, redactor, offending)
    where = failed_step(result.evidence)
    if where:
        lines.append(f"   failed at: {where}")
    if result.message:
        lines.append(f"   => {result.message}")
    if result.blocked_by:
        lines.append(f"   blocked by: {result.blocked_by}")
    return [wrapped for line in lines for wrapped in _wrap(redactor.text(line))]


def _step(item: Evidence, redactor: Redactor, offending: set[int]) -> list[str]:
    example = f"[{item.example}] " if item.example else ""
    step = item.step
    if isinstance(item, Delivered):
        answer = item.answer
        signature = f", signature {item.signature}" if item.signature else ""
        elapsed = f" in {answer.elapsed_s * 1000:.0f} ms"
        head = f"   {example}Meta -> {item.method} {item.path} ({step}{signature})"
        lines = [f"{head} => {answer.status}{elapsed}"]
        if item.decoded is not None:
            lines.append(f"        {_isolated(describe_notification(item.decoded))}")
    elif isinstance(item, Handshake | ControlCommand | Note):
        request, answer = _request(item)
        shown = "" if answer is None else f" => {_compact(answer)}"
        lines = [f"   {example}harness -> {step} {_compact(request)}{shown}"]
    elif isinstance(item, JudgedSend):
        send = item.send
        line = f"   {example}{step}: implementation -> {_send(send)}"
        lines = [_marked(line, send.index, offending)]
    else:
        lines = [f"   {example}{step}: {_compact(_data(item))}"]
    for caused in item.caused if isinstance(item, WithCauses) else ():
        line = f"        implementation -> {_isolated(caused.summary)}"
        lines.append(_marked(line, caused.index, offending))
    return lines


def _request(item: Handshake | ControlCommand | Note) -> tuple[Any, Any]:
    """What the harness asked and what it was answered, as data."""
    if isinstance(item, Handshake):
        answer = {"method": "GET", "path": item.path, "query": item.query, "answer": item.answer}
        return item.request, to_jsonable(answer)
    if isinstance(item, ControlCommand):
        return {"command": item.command, **item.arguments}, to_jsonable(item.answer)
    return item.request, to_jsonable(item.answer)


def _data(item: Evidence) -> Any:
    """Evidence told as data: its fields other than the step."""
    if isinstance(item, Refused):
        return {"refused": item.calls}
    if isinstance(item, Data):
        return item.fields
    return {}


def _marked(line: str, index: int | None, offending: set[int]) -> str:
    """Point at the send that broke the rule, at the start and the end of its line."""
    if index not in offending:
        return line
    indent = len(line) - len(line.lstrip(" "))
    return f"{' ' * max(indent - 2, 0)}{MARK} {line.lstrip(' ')}  <== broke the rule"


def _send(send: SentMessage) -> str:
    payload = send.payload if isinstance(send.payload, dict) else {}
    return f"to {send.recipient}: {payload.get('type', '?')} -> {send.status}"


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
