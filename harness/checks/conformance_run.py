"""One graded run, the object both front ends drive: open it, let pytest run its checks,
finish it (the report, its verdict, the report files), close it.

``wa-harness run`` makes one and starts pytest itself; ``pytest --wa-target`` makes one
from its ``--wa-*`` options inside the host project's own session.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from harness.checks.check_list import load_gherkin, suite_module
from harness.checks.results_collector import ResultCollector
from harness.checks.user_features import write_user_suite
from harness.errors import TargetError
from harness.reports.terminal import Progress
from harness.reports.writing import ReportPaths, write_reports
from harness.results import RunReport
from harness.settings import HarnessSettings
from harness.world import World


class ConformanceRun:
    """The world (target, fake Graph API), the results so far, and the reports."""

    def __init__(
        self,
        settings: HarnessSettings,
        *,
        reports: ReportPaths | None = None,
        stream: TextIO | None = None,
        standalone: bool = False,
    ) -> None:
        self.settings = settings
        self.world = World(settings)
        self.results = ResultCollector(self.world)
        self.reports = reports or ReportPaths()
        # Standalone: the run owns its pytest session and prints a line per check as it
        # goes. Under a host project's pytest, pytest prints progress and the run adds a
        # summary at the end.
        self.standalone = standalone
        self.progress = Progress(
            self.results.redactor,
            stream,
            total=lambda: self.results.expected_count,
            verbosity=settings.verbosity,
        )
        if standalone:
            self.results.on_result = self.progress.check_finished
        self._features_dir: tempfile.TemporaryDirectory[str] | None = None

    def suite_modules(self) -> list[str]:
        """The modules pytest collects: the built-in checks, and QA's folders if any.

        QA's folders are collected by a generated module in a folder of the run's own,
        removed when the run closes.
        """
        modules = [str(suite_module())]
        if self.settings.features:
            if self._features_dir is None:
                self._features_dir = tempfile.TemporaryDirectory(prefix="wa-harness-")
            folder = Path(self._features_dir.name)
            modules.append(str(write_user_suite(self.settings.features, folder)))
        return modules

    def open(self) -> None:
        """Start the fake and the target; raise TargetError if the target is not usable."""
        if self.world.target is None and self.world.target_error is None:
            self.world.open()
        if self.world.target_error:
            raise TargetError(self.world.target_error)

    def report(self) -> RunReport:
        return self.results.report()

    def finish(self) -> tuple[RunReport, dict[str, str]]:
        """The report, with the requested report files written; answer both."""
        report = self.report()
        written = write_reports(
            report,
            self.reports,
            self.results.redactor,
            junit_non_blocking=self.settings.junit_non_blocking,
            scenarios=lambda: load_gherkin(self.settings.features),
        )
        if self.standalone:
            self.progress.finish(report, written)
        return report, written

    def summary(self, report: RunReport, written: dict[str, str]) -> str:
        """The closing summary as text (the plugin prints it in pytest's own summary)."""
        return self.progress.summary(report, written)

    def close(self) -> None:
        self.world.close()
        if self._features_dir is not None:
            self._features_dir.cleanup()
