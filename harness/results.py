"""Records of a conformance run: check specs, their outcomes, and the run as a whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from harness.evidence import Evidence

# A check whose setup failed says so first in its message; its cause is also kept apart
# (CheckResult.blocked_by), and the summaries group on that, never on the message text.
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


# Which of two outcomes of one check speaks for it: a skip only where nothing ran.
SEVERITY = {Outcome.SKIPPED: 0, Outcome.PASSED: 1, Outcome.FAILED: 2, Outcome.ERROR: 3}


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
    evidence: list[Evidence] = field(default_factory=list)
    duration_s: float = 0.0
    # False for a skip that says nothing about the implementation: the check needs a
    # Python function, which an HTTP target cannot offer.
    applicable: bool = True
    # The setup that failed, when the check could not reach its subject (it is an error).
    blocked_by: str | None = None
    # What the check could not judge ("" when it judged its whole subject).
    partial: str = ""
    # Other checks whose sends this one judged (an invariant): its reproducer runs them.
    judged_checks: tuple[str, ...] = ()
    # A reproducer of its own (an explored finding) instead of the run's with --check ID.
    reproduce: str = ""

    @property
    def partly(self) -> bool:
        """A pass that judged only part of its subject."""
        return self.outcome is Outcome.PASSED and bool(self.partial)

    def outcome_text(self) -> str:
        """The outcome as people read it: ``passed (partly: no 'drafts' command …)``."""
        if self.partly:
            return f"{self.outcome.value} (partly: {self.partial})"
        return self.outcome.value


def combine(first: CheckResult, then: CheckResult) -> CheckResult:
    """One check's result from two parts of it run one after the other (the examples of an
    outline, or a check run in several shards): the worse outcome, every problem's message
    and all the evidence, in order."""
    worse = SEVERITY[then.outcome] > SEVERITY[first.outcome]
    speaks = then.message and then.outcome is not Outcome.PASSED
    return replace(
        first,
        outcome=then.outcome if worse else first.outcome,
        message="; ".join(filter(None, [first.message, then.message if speaks else ""])),
        evidence=[*first.evidence, *then.evidence],
        duration_s=first.duration_s + then.duration_s,
        applicable=first.applicable or then.applicable,
        blocked_by=first.blocked_by or then.blocked_by,
        partial="; ".join(filter(None, [first.partial, then.partial])),
        judged_checks=tuple(dict.fromkeys([*first.judged_checks, *then.judged_checks])),
    )


@dataclass(frozen=True, slots=True)
class LineRollup:
    """One checklist line in a run: how many of its checks ran, and how they ended."""

    line: ChecklistLine
    checks: tuple[str, ...]
    ran: tuple[str, ...]
    not_run: tuple[str, ...]
    partial: tuple[str, ...]
    failed: tuple[str, ...]

    @property
    def state(self) -> str:
        """failed, passed, partly (passed, but some checks did not run or judged in part),
        skipped (none ran) or uncovered (no check enforces it)."""
        if not self.checks:
            return "uncovered"
        if self.failed:
            return "failed"
        if not self.ran:
            return "skipped"
        return "partly" if self.not_run or self.partial else "passed"

    def summary(self) -> str:
        """``passed``, or ``passed in part: 2 of 6 run (not run: …; partly judged: …)``."""
        state = self.state
        if state == "uncovered":
            return "not covered"
        counted = f"{len(self.ran)} of {len(self.checks)} run"
        if state != "partly":
            return state if len(self.ran) == len(self.checks) else f"{state}, {counted}"
        notes = []
        if self.not_run:
            notes.append(f"not run: {', '.join(self.not_run)}")
        if self.partial:
            notes.append(f"partly judged: {', '.join(self.partial)}")
        return f"passed in part: {counted} ({'; '.join(notes)})"


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
    # --partial-as-not-run: a blocking-level check that passed in part counts as not run.
    partial_as_not_run: bool = False

    def reproducer(self, result: CheckResult) -> str:
        """One line that runs just this check again, the same way."""
        if result.reproduce:
            return result.reproduce
        if not self.rerun:
            return ""
        ids = dict.fromkeys([*result.judged_checks, result.spec.id])
        return f"{self.rerun} --check {','.join(ids)}"

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
        """Blocking-level checks that were selected but could not run (a missing role).

        With ``partial_as_not_run``, also those that passed having judged only part.
        """
        levels = {Level.MUST, Level.SHOULD} if self.strict else {Level.MUST}
        return [
            r
            for r in self.results
            if r.spec.level in levels
            and (
                (r.outcome is Outcome.SKIPPED and r.applicable)
                or (self.partial_as_not_run and r.partly)
            )
        ]

    def partly_judged(self) -> list[CheckResult]:
        """Checks that passed having judged only part of their subject."""
        return [r for r in self.results if r.partly]

    def verdict(self) -> Verdict:
        if self.blocking():
            return Verdict.FAIL
        if self.ungraded():
            return Verdict.INCOMPLETE
        return Verdict.PASS

    def root_causes(self) -> dict[str, list[str]]:
        """Each setup failure that blocked checks (their ``blocked_by``) -> their ids."""
        causes: dict[str, list[str]] = {}
        for result in self.results:
            if result.outcome is Outcome.ERROR and result.blocked_by:
                ids = causes.setdefault(result.blocked_by, [])
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

    def rollup(self) -> list[LineRollup]:
        """Each checklist line (and each line a check cites) with what its checks did."""
        known = {line.id: line for line in self.checklist}
        by_id = {result.spec.id: result for result in self.results}
        rows = []
        for line_id, check_ids in self.coverage().items():
            results = [by_id[c] for c in check_ids if c in by_id]
            ran = [r for r in results if r.outcome is not Outcome.SKIPPED]
            rows.append(
                LineRollup(
                    line=known.get(line_id, ChecklistLine(line_id, "", "")),
                    checks=tuple(check_ids),
                    ran=tuple(r.spec.id for r in ran),
                    not_run=tuple(r.spec.id for r in results if r.outcome is Outcome.SKIPPED),
                    partial=tuple(r.spec.id for r in results if r.partly),
                    failed=tuple(
                        r.spec.id for r in ran if r.outcome in (Outcome.FAILED, Outcome.ERROR)
                    ),
                )
            )
        return rows


def without_examples(message: str) -> str:
    """A message joined from Scenario Outline examples, each distinct part said once.

    ``[edit] the target does not offer control; [cancel] the target does not offer
    control`` reads ``the target does not offer control``.
    """
    parts = (re.sub(r"^\[[^\]]*\]\s*", "", part) for part in message.split("; "))
    return "; ".join(dict.fromkeys(part for part in parts if part))


def says_more_than_its_cause(message: str, cause: str) -> bool:
    """Whether a blocked check's message adds to its cause (another example's own error).

    Each part of the message (one per example) is the cause, or the start of it when the
    message was cut, or something more.
    """
    blocked = f"{BLOCKED_PREFIX}{cause}"
    for part in message.split("; "):
        text = re.sub(r"^\[[^\]]*\]\s*", "", part).removesuffix("…")
        if not (len(text) > len(BLOCKED_PREFIX) and blocked.startswith(text)):
            return True
    return False


def blocks(result: CheckResult, *, strict: bool) -> bool:
    """A MUST (and, when strict, SHOULD) check that failed or errored fails the run."""
    levels = {Level.MUST, Level.SHOULD} if strict else {Level.MUST}
    return result.spec.level in levels and result.outcome in (Outcome.FAILED, Outcome.ERROR)
