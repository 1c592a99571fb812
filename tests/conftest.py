"""Summaries printed at the end of the run, from the test reports.

They live in the top-level conftest because, under pytest-xdist, the controlling
process loads only this one; the reports (with their user properties) reach it from
every worker. ``seeded defects caught: N/M`` scores tests/conformance/test_seeded_defects.py;
``hostile cases`` lists how each run of tests/hostile/ ended. How many workers ``-n auto``
starts, and which modules they start first, are set here too.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

SCORE_PROPERTY = "seeded_defect"  # the user property test_seeded_defects.py records
CASE_PROPERTY = "hostile_case"  # the user property tests/hostile/conftest.py records

# The modules that take longest (whole runs that wait on targets and settle windows), the
# longest first. pytest-xdist starts its workers on the modules in collection order (the
# Makefile turns off its own order, by number of tests), so these come first: started
# last, a few-test module of whole runs kept one worker busy long after the others.
LONG_MODULES = (
    "tests/conformance/test_seeded_defects.py",
    "tests/real_libraries/test_real_libraries.py",
    "tests/conformance/test_reference_run.py",
    "tests/conformance/test_secrets_never_leak.py",
    "tests/hostile/test_hostile_targets.py",
    "tests/hostile/test_hostile_target_cmd.py",
    "tests/browser/test_html_report_in_chromium.py",
    "tests/plugin/test_pytest_plugin.py",
    "tests/hostile/test_hostile_mid_run.py",
    "tests/conformance/test_secrets_leaking_target.py",
)

_results: dict[tuple[str, str], bool] = {}
_cases: list[str] = []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = [module for module in LONG_MODULES if not (config.rootpath / module).is_file()]
    if missing:
        raise pytest.UsageError(f"LONG_MODULES in tests/conftest.py names no module: {missing}")
    rank = {module: n for n, module in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def pytest_xdist_auto_num_workers(config: Any) -> int | None:
    """``-n auto``: two workers per core, since the suite waits more than it computes.

    Its runs wait out settle windows, timeouts and target processes starting: with one
    worker per core, the cores were idle for about two fifths of ``make test``.
    PYTEST_XDIST_AUTO_NUM_WORKERS, when set, is pytest-xdist's to read.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


def pytest_runtest_logreport(report: Any) -> None:
    if report.when != "call":
        return
    for key, value in report.user_properties:
        if key == SCORE_PROPERTY:
            name, transport, caught = value
            _results[(name, transport)] = caught
        elif key == CASE_PROPERTY:
            _cases.append(value)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _cases:
        terminalreporter.write_sep("-", "hostile cases: how each ended")
        for line in _cases:
            terminalreporter.write_line(line)
    if _results:
        _write_score(terminalreporter)


def _write_score(terminalreporter: Any) -> None:
    by_defect: dict[str, bool] = {}
    for (name, _), caught in _results.items():
        by_defect[name] = by_defect.get(name, True) and caught
    runs = ", ".join(
        f"{transport} {sum(c for (_, t), c in _results.items() if t == transport)}"
        f"/{sum(t == transport for _, t in _results)}"
        for transport in sorted({t for _, t in _results})
    )
    missed = sorted(name for name, caught in by_defect.items() if not caught)
    terminalreporter.write_line(
        f"seeded defects caught: {sum(by_defect.values())}/{len(by_defect)} (runs: {runs})"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )
