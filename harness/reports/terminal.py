"""Live progress and the closing summary printed to the terminal while a run goes."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

import click

from harness.reports.redaction import Redactor
from harness.results import CheckResult, Outcome, RunReport

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
    # Colour codes only help a person at a terminal; in CI logs and files they are noise.
    if "NO_COLOR" in os.environ:
        return False
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
    ) -> None:
        self._redactor = redactor
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
        """Print the line for a check that just finished."""
        self._write(self.line(result))

    def summary(self, report: RunReport, written: Written | None = None) -> str:
        """Totals, failed and errored checks with messages, the verdict and report paths."""
        counts = report.summary()
        out = [
            f"Ran {len(report.results)} checks in {report.duration_s:.2f}s: "
            f"{counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['errors']} errors, {counts['skipped']} skipped"
        ]
        problems = [r for r in report.results if r.outcome in (Outcome.FAILED, Outcome.ERROR)]
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
        blocking = report.blocking()
        levels = "MUST or SHOULD" if report.strict else "MUST"
        if blocking:
            ids = ", ".join(self._redactor.text(r.spec.id) for r in blocking)
            verdict = self._style("FAIL", fg="red", bold=True)
            return (
                f"Verdict: {verdict} - {len(blocking)} {levels} check(s) failed or errored: {ids}"
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
        self.stream.write(self._redactor.text(text) + "\n")
        self.stream.flush()
