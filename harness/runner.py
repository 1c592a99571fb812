"""run_conformance(): open the target and the fake Graph API, run the features, build the report."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, redirect_stdout
from typing import TextIO

import pytest

from harness.checks.check_list import suite_module
from harness.checks.conformance_run import ConformanceRun
from harness.errors import HarnessError
from harness.pytest_plugin import RUN_KEY
from harness.reports.writing import ReportPaths
from harness.results import EXIT_CODES, RunReport
from harness.settings import HarnessSettings

# The stash key of how many garbage collections pytest runs as its session ends; a pytest
# without it (a private name) runs them as it will.
_GC_PASSES_KEY: pytest.StashKey[int] | None
try:
    from _pytest.unraisableexception import gc_collect_iterations_key as _GC_PASSES_KEY
except ImportError:  # pragma: no cover - another pytest
    _GC_PASSES_KEY = None

# Environment variables pytest reads for every session it starts.
HOST_PYTEST_VARIABLES = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD")


class _Handover:
    """Hands the already opened run to the plugin inside pytest, and notes collection errors."""

    def __init__(self, run: ConformanceRun) -> None:
        self.run = run
        self.collect_errors: list[str] = []
        self.stopped: KeyboardInterrupt | None = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[RUN_KEY] = self.run
        # Reports show a one-line message, never pytest's traceback; its long form parses
        # every frame's source and costs ~0.15 s per errored check, which made a dead
        # target's run several times slower than a passing one.
        config.option.tbstyle = "native"
        # pytest ends its session with full garbage collections (~0.07 s each, for
        # exceptions raised in finalizers, which a run never shows): none here.
        if _GC_PASSES_KEY is not None:
            config.stash[_GC_PASSES_KEY] = 0

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        # What collection built (the checks' tests, their step definitions) lives as long
        # as the run: the collector need not walk it again (see run_conformance).
        gc.freeze()

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # -x ends the session with pytest's own Interrupted; only a signal stops the run.
        if isinstance(excinfo.value, KeyboardInterrupt) and not isinstance(
            excinfo.value, pytest.Session.Interrupted
        ):
            self.stopped = excinfo.value

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append(str(report.longrepr).strip().splitlines()[-1])


def run_conformance(
    settings: HarnessSettings,
    *,
    reports: ReportPaths | None = None,
    stream: TextIO | None = None,
    opened: Callable[[ConformanceRun], None] | None = None,
) -> tuple[RunReport, dict[str, str]]:
    """Grade the target in ``settings``; answer the report and the paths written.

    ``opened`` is called once the target is open and usable, before any check runs.
    """
    run = ConformanceRun(settings, reports=reports, stream=stream, standalone=True)
    with closing(run):
        run.open()
        if opened is not None:
            opened(run)
        handover = _Handover(run)
        args = [*run.suite_modules(), *_pytest_options()]
        # Everything loaded so far lives as long as the run: the garbage collector's full
        # passes, which walked all of it again and again, skip it until the run ends.
        gc.freeze()
        try:
            # The run owns its pytest session: the in-process fakes stay on from the first
            # check to the last, instead of patching requests and httpx again for each.
            with _without_host_pytest_settings(), run.world.fakes_active():
                code = pytest.main(args, plugins=[handover])
        finally:
            gc.unfreeze()
        if handover.stopped is not None:
            # pytest caught Ctrl-C (or SIGTERM) and ended early: no verdict, no reports.
            raise handover.stopped
        if handover.collect_errors or code in (
            pytest.ExitCode.INTERNAL_ERROR,
            pytest.ExitCode.USAGE_ERROR,
        ):
            detail = "; ".join(handover.collect_errors) or f"pytest exit code {int(code)}"
            raise HarnessError(f"the checks could not be collected: {detail}")
        return run.finish()


def collect_checks() -> None:
    """Collect the built-in checks without running them: processes forked afterwards (the
    shards of a parallel run) begin with the features parsed and their tests built."""
    with (
        _without_host_pytest_settings(),
        open(os.devnull, "w") as quiet,
        redirect_stdout(quiet),
    ):
        pytest.main([str(suite_module()), *_pytest_options(), "--collect-only"])


@contextmanager
def _without_host_pytest_settings() -> Iterator[None]:
    """The pytest settings of the environment, which are for the project's own suite.

    ``PYTEST_ADDOPTS="-k smoke"`` would deselect every check (a run of 0 checks, PASS);
    ``PYTEST_PLUGINS`` would load the project's plugins into the harness's session, and
    ``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` would leave out the ones it needs (pytest-bdd, its
    own).
    """
    saved = {name: os.environ.pop(name) for name in HOST_PYTEST_VARIABLES if name in os.environ}
    # Only the plugins a run needs (_pytest_options names them): the ones installed for
    # the project's own tests have nothing to do in the harness's session, and importing
    # them costs a noticeable part of a run's start.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        os.environ.update(saved)


def _pytest_options() -> list[str]:
    return [
        "--rootdir",
        str(suite_module().parent),
        # The project around the harness may have its own pytest configuration; ignore it.
        "-c",
        os.devnull,
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-p",
        "pytest_bdd.plugin",
        "-p",
        "harness.pytest_plugin",
        "-W",
        "ignore::DeprecationWarning",
        # The checks judge with CheckFailed, never a bare assert: pytest need not rewrite
        # the harness's modules (an entry-point plugin's), at every import of the run.
        "--assert=plain",
    ]


def exit_code(report: RunReport) -> int:
    """0 PASS, 1 FAIL (a blocking check failed or errored), 3 INCOMPLETE (one could not run)."""
    return EXIT_CODES[report.verdict()]
