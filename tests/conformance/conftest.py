"""Prints the score of test_seeded_defects.py: ``seeded defects caught: N/M``."""

from __future__ import annotations

from typing import Any

SCORE_PROPERTY = "seeded_defect"  # the user property test_seeded_defects.py records

_results: dict[tuple[str, str], bool] = {}


def pytest_runtest_logreport(report: Any) -> None:
    if report.when == "call":
        for key, value in report.user_properties:
            if key == SCORE_PROPERTY:
                name, transport, caught = value
                _results[(name, transport)] = caught


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _results:
        return
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
