"""Live progress and the closing summary printed to the terminal while a run goes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import TextIO

import click

from harness.reports.conversation import conversation
from harness.reports.redaction import Redactor
from harness.reports.root_causes import excess_buttons, refused_send
from harness.results import (
    CheckResult,
    Outcome,
    RunReport,
    says_more_than_its_cause,
    without_examples,
)

LABELS = {
    Outcome.PASSED: ("PASS", "green"),
    Outcome.FAILED: ("FAIL", "red"),
    Outcome.SKIPPED: ("SKIP", "yellow"),
    Outcome.ERROR: ("ERROR", "magenta"),
}
LABEL_WIDTH = max(len(label) for label, _ in LABELS.values())
LEVEL_WIDTH = len("SHOULD")
INDENT = "  "

# Report format name -> where it was written, e.g. {"html": "reports/report.html"}.
Written = Mapping[str, str | os.PathLike[str]]


def _wants_colour(stream: TextIO) -> bool:
    # Colour codes only help a person at a terminal; in CI logs and files they are noise,
    # unless the log viewer shows them (FORCE_COLOR, as GitHub Actions users set it).
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "").lower() not in ("", "0", "false"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Prints one line per finished check, then a summary; all text is redacted."""

    def __init__(
        self,
        redactor: Redactor,
        stream: TextIO | None = None,
        *,
        colour: bool | None = None,
        id_width: int = 7,
        total: Callable[[], int] | None = None,
        verbosity: int = 0,
    ) -> None:
        self._redactor = redactor
        # How many checks the run takes, known once they are collected: "[12/68]".
        self._total = total
        self._done = 0
        # -q (below 0): only checks that did not pass; -v (above 0): with their messages.
        self._verbosity = verbosity
        self._closed = False
        # Resolved per call when None, so pytest's capsys swap of sys.stdout is honoured.
        self._stream = stream
        self._colour = colour
        self._id_width = id_width

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stdout

    @property
    def colour(self) -> bool:
        return self._colour if self._colour is not None else _wants_colour(self.stream)

    def _style(self, text: str, *, fg: str | None = None, bold: bool = False) -> str:
        return click.style(text, fg=fg, bold=bold) if self.colour else text

    def line(self, result: CheckResult) -> str:
        """The fixed-width line for one result, e.g. ``  PASS   BTN-001  MUST    Title``."""
        label, colour = LABELS[result.outcome]
        spec = result.spec
        # Pad before styling: escape codes would otherwise count towards the width.
        outcome = self._style(label.ljust(LABEL_WIDTH), fg=colour, bold=True)
        check_id = self._redactor.text(spec.id).ljust(self._id_width)
        level = spec.level.value.ljust(LEVEL_WIDTH)
        return f"{INDENT}{outcome}  {check_id}  {level}  {self._redactor.text(spec.title)}"

    def check_finished(self, result: CheckResult) -> None:
        """Print the line for a check that just finished, with the run's progress."""
        self._done += 1
        if self._verbosity < 0 and result.outcome is Outcome.PASSED:
            return
        total = self._total() if self._total else 0
        counter = f"[{self._done:>{len(str(total))}}/{total}] " if total else ""
        self._write(f"{INDENT}{counter}{self.line(result).removeprefix(INDENT)}")
        if result.partly:
            indent = " " * (len(INDENT) + len(counter) + LABEL_WIDTH + 2)
            self._write(f"{indent}partly: {self._redactor.text(result.partial)}")
        if self._verbosity > 0 and result.message and result.outcome is not Outcome.PASSED:
            indent = " " * (len(INDENT) + len(counter) + LABEL_WIDTH + 2)
            for part in self._redactor.text(result.message).splitlines():
                self._write(f"{indent}{part}")

    def summary(self, report: RunReport, written: Written | None = None) -> str:
        """Totals, root causes, failed checks with messages, the verdict and report paths."""
        counts = report.summary()
        out = [
            f"Ran {len(report.results)} checks in {report.duration_s:.2f}s: "
            f"{counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['errors']} errors, {counts['skipped']} skipped"
            + (f" ({len(report.partly_judged())} passed in part)" if report.partly_judged() else "")
        ]
        # One setup failure reads as one: its cause first, the checks it blocked listed once.
        causes = report.root_causes()
        # A blocked check is told once, in its group, unless its message says more.
        grouped = {
            r.spec.id
            for r in report.results
            if r.blocked_by and not says_more_than_its_cause(r.message, r.blocked_by)
        }
        if causes:
            out.append("")
            many = "one cause" if len(causes) == 1 else f"{len(causes)} causes"
            out.append(f"Blocked by {many}:")
            for cause, ids in causes.items():
                members = [r for r in report.results if r.spec.id in ids]
                refused = refused_send(conversation(r.evidence) for r in members)
                if excess_buttons(refused):
                    out.append(f"{INDENT}{self._redactor.text(excess_buttons(refused))}")
                out.append(f"{INDENT}{self._redactor.text(cause)}")
                out.append(f"{INDENT}  {len(ids)} checks: {', '.join(ids)}")
                if report.rerun:
                    first = next(r for r in report.results if r.spec.id == ids[0])
                    rerun = self._redactor.text(report.reproducer(first))
                    out.append(f"{INDENT}  reproduce: {rerun}")
        problems = [
            r
            for r in report.results
            if r.outcome in (Outcome.FAILED, Outcome.ERROR) and r.spec.id not in grouped
        ]
        if problems:
            out.append("")
            out.append("Failed and errored checks:")
            message_indent = " " * (len(INDENT) + LABEL_WIDTH + 2 + self._id_width + 2)
            for result in problems:
                out.append(self.line(result))
                message = self._redactor.text(result.message) or "(no message)"
                out.extend(message_indent + part for part in message.splitlines())
                if report.rerun:
                    rerun = self._redactor.text(report.reproducer(result))
                    out.append(f"{message_indent}reproduce: {rerun}")
        if report.not_run:
            out.append("")
            out.append(
                f"Stopped at the first blocking failure (-x): {len(report.not_run)} selected "
                f"check(s) not run: {', '.join(report.not_run)}"
            )
        partly = report.partly_judged()
        if partly:
            out.append("")
            out.append("Passed in part (what they could not judge):")
            for result in partly:
                out.append(self.line(result))
                out.append(f"{INDENT}  partly: {self._redactor.text(result.partial)}")
        ungraded = report.ungraded()
        if ungraded:
            out.append("")
            out.append("Not graded (the target does not offer what they need):")
            # One line per reason (usually a missing role), not one per check.
            reasons: dict[str, list[str]] = {}
            for result in ungraded:
                reason = _ungraded_reason(result, report)
                reasons.setdefault(self._redactor.text(reason), []).append(result.spec.id)
            for reason, ids in reasons.items():
                out.append(f"{INDENT}{reason}")
                out.append(f"{INDENT}  {len(ids)} check(s): {', '.join(ids)}")
        partly_lines = [row for row in report.rollup() if row.state == "partly"]
        if partly_lines:
            out.append("")
            out.append("Checklist lines passed in part:")
            out.extend(f"{INDENT}{row.line.id}: {row.summary()}" for row in partly_lines)
        out.append("")
        out.append(self._verdict(report))
        if written:
            out.append("")
            out.append("Reports written:")
            width = max(len(name) for name in written)
            for name, path in written.items():
                out.append(f"{INDENT}{name.ljust(width)}  {self._redactor.text(os.fspath(path))}")
        return "\n".join(out)

    def _verdict(self, report: RunReport) -> str:
        ungraded = report.ungraded()
        if ungraded and not report.blocking():
            verdict = self._style("INCOMPLETE", fg="yellow", bold=True)
            levels = "MUST or SHOULD" if report.strict else "MUST"
            return f"Verdict: {verdict} - {len(ungraded)} {levels} check(s) could not run"
        blocking = report.blocking()
        levels = "MUST or SHOULD" if report.strict else "MUST"
        if blocking:
            verdict = self._style("FAIL", fg="red", bold=True)
            blocked = [r for r in blocking if r.blocked_by]
            found = [self._redactor.text(r.spec.id) for r in blocking if not r.blocked_by]
            parts = [", ".join(found)] if found else []
            if blocked:
                causes = len({r.blocked_by for r in blocked})
                parts.append(f"{len(blocked)} blocked by {causes} cause(s) above")
            return (
                f"Verdict: {verdict} - {len(blocking)} {levels} check(s) failed or errored: "
                + "; ".join(parts)
            )
        verdict = self._style("PASS", fg="green", bold=True)
        counts = report.summary()
        others = counts["failed"] + counts["errors"]
        if others:
            return (
                f"Verdict: {verdict} - no {levels} check failed ({others} non-blocking failure(s))"
            )
        return f"Verdict: {verdict}"

    def finish(self, report: RunReport, written: Written | None = None) -> None:
        """Print the summary."""
        self._write(self.summary(report, written))

    def _write(self, text: str) -> None:
        # Everything this class prints passes here, masked as a whole once more.
        if self._closed:
            return
        try:
            self.stream.write(self._redactor.text(text) + "\n")
            self.stream.flush()
        except BrokenPipeError:
            # The reader went away (``wa-harness run | head``): the run goes on quietly.
            self._closed = True


def _ungraded_reason(result: CheckResult, report: RunReport) -> str:
    if result.outcome is Outcome.PASSED and result.partial:
        return f"passed in part, counted as not run (--partial-as-not-run): {result.partial}"
    return without_examples(result.message) or "(no reason given)"
