"""Exploration as the last phase of a graded run: each confirmed finding becomes a check.

A finding is reported as the exported scenario of the same number would be (XPL-001…):
the rule's level and checklist lines, a message naming the rule and what broke, the
conversation as numbered steps in its evidence, and a reproducer of its own.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from harness.checks.conformance_run import ConformanceRun
from harness.checks.judgments import LAWS
from harness.errors import TargetError
from harness.evidence import Evidence, Note
from harness.explore import report
from harness.explore.search import Exploration, explore
from harness.reports.redaction import Redactor
from harness.results import CheckResult, CheckSpec, Level, Outcome
from harness.settings import HarnessSettings

PROFILE = "explore"
# The evidence step holding one step of a finding's conversation, and the one its breach.
CONVERSATION_STEP = "explored step"
BROKEN_STEP = "the rule was broken"
# The check that stands for an exploration that could not start.
NOT_EXPLORED = report.check_id(0)


def as_checks(
    settings: HarnessSettings, result: Exploration, exported: Path | None = None
) -> list[CheckResult]:
    """Each finding of ``result`` as a failed check of its rule's level and lines."""
    out = []
    for n, finding in enumerate(result.findings, 1):
        law = LAWS[finding.rule_id]
        # Notes of what the harness did, so every conversation view (HTML, transcript)
        # shows each step as a numbered line, and the breach after them; the seed is the
        # exploration's, in the reproducer.
        evidence: list[Evidence] = [
            Note(f"{CONVERSATION_STEP} {i}", step.line()) for i, step in enumerate(finding.steps, 1)
        ]
        evidence.append(Note(BROKEN_STEP, f"{finding.rule_id}: {finding.text}"))
        out.append(
            CheckResult(
                CheckSpec(
                    id=report.check_id(n),
                    title=f"{finding.rule_id}: {law.says}",
                    level=Level(law.level),
                    profile=PROFILE,
                    lines=law.lines,
                ),
                Outcome.FAILED,
                f"{finding.rule_id} ({law.says}) broken after {len(finding.steps)} explored "
                f"step(s): {finding.text}",
                evidence=evidence,
                reproduce=report.reproducer(settings, result, exported, n),
            )
        )
    return out


def explore_phase(
    settings: HarnessSettings, echo: Callable[[str], None]
) -> tuple[Exploration, list[CheckResult]]:
    """Explore the run's target for ``settings.explore_s`` seconds from the run's seed;
    print the findings (or that none were found) and answer them as checks."""
    budget = settings.explore_s
    # The target's own logging is not the report; what it did is judged from its sends.
    logging.getLogger().addHandler(logging.NullHandler())
    mask = Redactor(settings.secrets()).text

    def say(line: str) -> None:
        echo(mask(line))

    target = settings.target_file or settings.target
    say(f"Exploring {target} for {budget:g} s after the checks, seed {settings.seed}")

    try:
        result = explore(
            settings, budget_s=budget, seed=settings.seed, progress=report.show_progress
        )
    except TargetError as exc:
        # Asked for and not done: the run cannot say PASS about what it never explored.
        say(f"Exploration could not run: {exc}")
        return Exploration(seed=settings.seed, budget_s=budget), [_not_explored(str(exc))]
    except KeyboardInterrupt:
        # Ctrl-C before the search began (while the target opened): nothing found yet.
        result = Exploration(seed=settings.seed, budget_s=budget, interrupted=True)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    checks = as_checks(settings, result)
    for line in report.lines(settings, result):
        say(f"  {line}")
    tried = f"{result.steps} steps in {result.elapsed_s:.1f} s, seed {result.seed}"
    if result.interrupted:
        say(f"Exploration interrupted: {len(checks)} finding(s) so far ({tried})")
    elif not checks:
        say(f"Exploration found nothing: no rule of the design broken ({tried})")
    return result, checks


def _not_explored(reason: str) -> CheckResult:
    """A MUST check that could not run, so the verdict is INCOMPLETE, never PASS."""
    spec = CheckSpec(NOT_EXPLORED, "the target could be explored", Level.MUST, PROFILE)
    return CheckResult(spec, Outcome.SKIPPED, f"exploration could not run: {reason}")


def explore_run(run: ConformanceRun, echo: Callable[[str], None]) -> Exploration:
    """The exploration phase of an opened run whose checks are done: its findings join
    the run's results, so every report shows them."""
    # The exploration opens the target afresh: a spawned server needs its port back.
    run.world.close()
    result, checks = explore_phase(run.settings, echo)
    for check in checks:
        run.results.add(check)
    return result
