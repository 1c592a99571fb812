"""Records of a conformance run: check specs, their outcomes, and the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    """How much a check weighs: a failed MUST fails the run, SHOULD only when strict, INFO never."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    INFO = "INFO"


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
