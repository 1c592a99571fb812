"""Records of a conformance run: check specs, their outcomes, and the run as a whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# A check whose setup failed says so first; the summary groups such checks by cause.
BLOCKED_PREFIX = "blocked: "


class Level(StrEnum):
    """How much a check weighs: a failed MUST fails the run, SHOULD only when strict, INFO never."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    INFO = "INFO"


class Verdict(StrEnum):
    """The run as a whole: PASS, FAIL, or INCOMPLETE when a blocking check could not run."""

    PASS = "PASS"
    FAIL = "FAIL"
    INCOMPLETE = "INCOMPLETE"


# Exit status of ``wa-harness run`` per verdict; 2 is a usage or target problem.
EXIT_CODES = {Verdict.PASS: 0, Verdict.FAIL: 1, Verdict.INCOMPLETE: 3}


class Outcome(StrEnum):
    """How a check ended; an error (the harness or the target broke) is never a pass."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One line of the operator-flow design that checks enforce (e.g. ``T1``)."""

    id: str
    section: str
    text: str


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """What a check is: its stable id, level, profile and the checklist lines it enforces."""

    id: str
    title: str
    level: Level
    profile: str
    lines: tuple[str, ...] = ()


@dataclass(slots=True)
class CheckResult:
    """What a check found: outcome, a one-line message and the evidence behind it."""

    spec: CheckSpec
    outcome: Outcome
    message: str = ""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    duration_s: float = 0.0
    # False for a skip that says nothing about the implementation: the check needs a
    # Python function, which an HTTP target cannot offer.
    applicable: bool = True


@dataclass(slots=True)
class RunReport:
    """A whole run, as every report format presents it."""

    harness_version: str
    target: str
    started_at: str
    duration_s: float
    results: list[CheckResult]
    checklist: list[ChecklistLine] = field(default_factory=list)
    strict: bool = False
    seed: int | None = None
    # The command that repeats this run's setup; a check's reproducer adds --check ID.
    rerun: str = ""
    # Ids of selected checks that never ran because the run stopped early (-x).
    not_run: list[str] = field(default_factory=list)

    def reproducer(self, result: CheckResult) -> str:
        """One line that runs just this check again, the same way."""
        return f"{self.rerun} --check {result.spec.id}" if self.rerun else ""

    def summary(self) -> dict[str, int]:
        counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
        for result in self.results:
            key = "errors" if result.outcome is Outcome.ERROR else result.outcome.value
            counts[key] += 1
        return counts

    def blocking(self) -> list[CheckResult]:
        """Results that fail the run: MUST (and SHOULD when strict) that failed or errored."""
        return [r for r in self.results if blocks(r, strict=self.strict)]

    def ungraded(self) -> list[CheckResult]:
        """Blocking-level checks that were selected but could not run (a missing role)."""
        levels = {Level.MUST, Level.SHOULD} if self.strict else {Level.MUST}
        return [
            r
            for r in self.results
            if r.spec.level in levels and r.outcome is Outcome.SKIPPED and r.applicable
        ]

    def verdict(self) -> Verdict:
        if self.blocking():
            return Verdict.FAIL
        if self.ungraded():
            return Verdict.INCOMPLETE
        return Verdict.PASS

    def root_causes(self) -> dict[str, list[str]]:
        """Each cause that blocked checks (errors whose message starts ``blocked:``) -> ids."""
        causes: dict[str, list[str]] = {}
        for result in self.results:
            if result.outcome is not Outcome.ERROR:
                continue
            for part in result.message.split("; "):
                cause = re.sub(r"^\[[^\]]*\] ", "", part)
                if cause.startswith(BLOCKED_PREFIX):
                    ids = causes.setdefault(cause, [])
                    if result.spec.id not in ids:
                        ids.append(result.spec.id)
        return causes

    def coverage(self) -> dict[str, list[str]]:
        """Checklist line id -> ids of the checks that enforce it."""
        covered: dict[str, list[str]] = {line.id: [] for line in self.checklist}
        for result in self.results:
            for line_id in result.spec.lines:
                covered.setdefault(line_id, []).append(result.spec.id)
        return covered


def blocks(result: CheckResult, *, strict: bool) -> bool:
    """A MUST (and, when strict, SHOULD) check that failed or errored fails the run."""
    levels = {Level.MUST, Level.SHOULD} if strict else {Level.MUST}
    return result.spec.level in levels and result.outcome in (Outcome.FAILED, Outcome.ERROR)
