"""Where a run's reports go, and the one function that writes all the requested ones."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import partial
from typing import TYPE_CHECKING

from harness.reports.output import check_writable
from harness.reports.redaction import Redactor
from harness.results import RunReport

if TYPE_CHECKING:
    from harness.reports.cucumber import GherkinScenario

# How an error names each report (the CLI and the pytest plugin spell the options apart).
REPORT_NAMES = {
    "json": "JSON report",
    "junit": "JUnit report",
    "html": "HTML report",
    "cucumber": "cucumber JSON report",
    "transcript": "transcript",
}


@dataclass(frozen=True, slots=True)
class ReportPaths:
    """The report files a run writes; None means that report is not wanted."""

    json: str | None = None
    junit: str | None = None
    html: str | None = None
    cucumber: str | None = None
    transcript: str | None = None

    def wanted(self) -> dict[str, str]:
        """Report format -> path, for the formats asked for, in a fixed order."""
        paths = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {kind: path for kind, path in paths if path}

    def check_writable(self) -> None:
        """Raise a one-line UsageError for the first report path that cannot be written."""
        for kind, path in self.wanted().items():
            check_writable(path, REPORT_NAMES[kind])


def write_reports(
    report: RunReport,
    paths: ReportPaths,
    redactor: Redactor,
    *,
    junit_non_blocking: str = "skipped",
    scenarios: Callable[[], Mapping[str, GherkinScenario]] = dict,
) -> dict[str, str]:
    """Write each report asked for; answer format -> path of what was written.

    ``scenarios`` gives where each check's Gherkin is written; it is read only when the
    cucumber report is asked for, since that means parsing every feature file again.
    """
    written = paths.wanted()
    for kind, path in written.items():
        _writer(kind, junit_non_blocking, scenarios)(report, path, redactor)
    return written


def _writer(
    kind: str,
    junit_non_blocking: str,
    scenarios: Callable[[], Mapping[str, GherkinScenario]],
) -> Callable[[RunReport, str, Redactor], None]:
    """The function that writes one kind of report.

    Each writer is imported here, when its report is asked for: most runs write none, and
    the HTML one alone (Jinja, its templates) costs a noticeable part of a run's start.
    """
    if kind == "json":
        from harness.reports.json_report import write_json

        return write_json
    if kind == "junit":
        from harness.reports.junit import write_junit

        return partial(write_junit, non_blocking=junit_non_blocking)
    if kind == "html":
        from harness.reports.html import write_html

        return write_html
    if kind == "transcript":
        from harness.reports.transcript import write_transcript

        return write_transcript
    from harness.reports.cucumber import write_cucumber

    return lambda r, p, red: write_cucumber(r, p, red, scenarios())
