"""``wa-harness explore``: explore within a budget, report, export; the exit code says it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from harness.explore import report
from harness.explore.search import explore
from harness.reports.redaction import Redactor
from harness.settings import HarnessSettings

NONE_FOUND, FOUND = 0, 1


def run_explore(
    settings: HarnessSettings,
    *,
    budget_s: float,
    max_steps: int,
    json_file: str | None,
    features_dir: str | None,
    echo: Callable[[str], None],
) -> int:
    """Explore, print the findings, write the files asked for; 0 none found, 1 findings."""
    # The target's own logging is not the report; what it did is judged from its sends.
    logging.getLogger().addHandler(logging.NullHandler())
    redactor = Redactor(settings.secrets())

    target = settings.target_file or settings.target
    sys.stderr.write(f"explore: {target}, {budget_s:.0f} s, seed {settings.seed}\n")
    sys.stderr.flush()
    result = explore(
        settings,
        budget_s=budget_s,
        seed=settings.seed,
        max_steps=max_steps,
        progress=report.show_progress,
    )
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    exported: Path | None = None
    if features_dir and result.findings:
        exported = report.export(result, features_dir)
    for line in report.lines(settings, result, exported):
        echo(redactor.text(line))
    if json_file:
        report.write_json(settings, result, json_file, exported)
    return FOUND if result.findings else NONE_FOUND
